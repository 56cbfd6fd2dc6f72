import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
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
				const hint = 'Add the fields to change under Update Fields.';
				throw inputError(this, itemIndex, 'Update Fields', 'is empty', hint);
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
