import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import type { ApiRequest } from '../../../shared/transport/request';
import { scimApiRequest, scimError } from '../../../shared/transport/scim';
import { readResourceId } from '../../helpers/scim';
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
		async (id, input) => {
			const request: ApiRequest = {
				method: 'DELETE',
				path: `/Users/${encodeURIComponent(id)}`,
				purpose: `delete the user ${id}`,
				itemIndex: input.paramIndex,
				acceptStatuses: [404],
			};
			const response = await scimApiRequest.call(this, request);
			// A 404 to a retry (after a 502 or 504) means the first attempt deleted the user.
			if (response.statusCode === 404 && response.attempts === 1)
				throw scimError(this, request, response);
			return { id, deleted: true };
		},
		{ concurrency: readRequestsInParallel(this) },
	);
}
