import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { deleteResource, readResourceId } from '../../helpers/scim';
import { parallelOptions } from '../user/common.descriptions';
import { groupIdField } from './common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['delete'] } },
	[
		{
			...groupIdField,
			description:
				"The group's SCIM ID. Deleting the group cannot be undone; its users stay in WalkMe.",
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
		(input) => readResourceId(this, 'groupId', 'Group ID', input.paramIndex),
		async (id, input) => await deleteResource(this, 'Groups', id, input.paramIndex),
		{ concurrency: readRequestsInParallel(this) },
	);
}
