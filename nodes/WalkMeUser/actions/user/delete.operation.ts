import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { deleteResource, readResourceId } from '../../helpers/scim';
import { parallelOptions, userIdField } from './common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['delete'] } },
	[
		{
			...userIdField,
			description:
				"The user's SCIM ID. Deleting cannot be undone; Deactivate keeps the user's history.",
		},
		parallelOptions,
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		jobPerItem(items),
		(input) => readResourceId(this, 'userId', 'User ID', input.paramIndex),
		async (id, input) => await deleteResource(this, 'Users', id, input.paramIndex),
		{ concurrency: readRequestsInParallel(this) },
	);
}
