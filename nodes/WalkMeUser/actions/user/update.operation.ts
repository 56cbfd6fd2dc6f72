import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { scimApiRequest } from '../../../shared/transport/scim';
import { patchBody, readProfileFields, readResourceId, resourceOutput } from '../../helpers/scim';
import { parallelOptions, updateFields, userIdField } from './common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['update'] } },
	[userIdField, updateFields, parallelOptions],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		jobPerItem(items),
		(input) => {
			const itemIndex = input.paramIndex;
			const id = readResourceId(this, 'userId', 'User ID', itemIndex);
			const profile = readProfileFields(this, 'updateFields', itemIndex);
			if (Object.keys(profile).length === 0) {
				throw new NodeOperationError(
					this.getNode(),
					`Update Fields in item ${itemIndex} is empty`,
					{
						itemIndex,
						description: 'Add the fields to change under Update Fields.',
					},
				);
			}
			return { id, profile };
		},
		async ({ id, profile }, input) => {
			const { body } = await scimApiRequest.call(this, {
				method: 'PATCH',
				path: `/Users/${encodeURIComponent(id)}`,
				body: patchBody(profile),
				purpose: `update the user ${id}`,
				itemIndex: input.paramIndex,
			});
			return resourceOutput(body as IDataObject);
		},
		{ concurrency: readRequestsInParallel(this) },
	);
}
