import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { scimApiRequest } from '../../../shared/transport/scim';
import { readResourceId, resourceOutput } from '../../helpers/scim';
import { groupIdField } from './common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['get'] } },
	[groupIdField],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		jobPerItem(items),
		(input) => readResourceId(this, 'groupId', 'Group ID', input.paramIndex),
		async (id, input) => {
			const { body } = await scimApiRequest.call(this, {
				method: 'GET',
				path: `/Groups/${encodeURIComponent(id)}`,
				purpose: `read the group ${id}`,
				itemIndex: input.paramIndex,
			});
			return resourceOutput(body as IDataObject);
		},
	);
}
