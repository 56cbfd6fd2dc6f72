import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { createUser, readNewUser, resourceOutput } from '../../helpers/scim';
import { newUserFields, parallelOptions } from './common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['create'] } },
	[...newUserFields, parallelOptions],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		jobPerItem(items),
		(input) => readNewUser(this, input.paramIndex),
		async (profile, input) => resourceOutput(await createUser(this, profile, input.paramIndex)),
		{ concurrency: readRequestsInParallel(this) },
	);
}
