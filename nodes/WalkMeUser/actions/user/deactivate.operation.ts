import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { scimApiRequest } from '../../../shared/transport/scim';
import { patchBody, readResourceId, resourceOutput } from '../../helpers/scim';
import { parallelOptions, userIdField } from './common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['deactivate'] } },
	[userIdField, parallelOptions],
);

/** Sets `active` to false: the user can no longer sign in, and keeps everything else. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		jobPerItem(items),
		(input) => readResourceId(this, 'userId', 'User ID', input.paramIndex),
		async (id, input) => {
			const { body } = await scimApiRequest.call(this, {
				method: 'PATCH',
				path: `/Users/${encodeURIComponent(id)}`,
				body: patchBody({ active: false }),
				purpose: `deactivate the user ${id}`,
				itemIndex: input.paramIndex,
			});
			return resourceOutput(body as IDataObject);
		},
		{ concurrency: readRequestsInParallel(this) },
	);
}
