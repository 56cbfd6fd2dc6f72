import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { readRequiredText } from '../../../shared/parameters';
import { scimApiRequest } from '../../../shared/transport/scim';
import { PATCH_SCHEMA, readResourceId, resourceOutput } from '../../helpers/scim';
import { parallelOptions } from '../user/common.descriptions';
import { displayNameField, groupIdField } from './common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['rename'] } },
	[
		groupIdField,
		{ ...displayNameField, displayName: 'New Name', description: 'The name the group gets' },
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
		(input) => ({
			id: readResourceId(this, 'groupId', 'Group ID', input.paramIndex),
			displayName: readRequiredText(this, 'displayName', 'New Name', input.paramIndex),
		}),
		async ({ id, displayName }, input) => {
			const path = `/Groups/${encodeURIComponent(id)}`;
			const { body } = await scimApiRequest.call(this, {
				method: 'PATCH',
				path,
				body: {
					schemas: [PATCH_SCHEMA],
					Operations: [{ op: 'replace', path: 'displayName', value: displayName }],
				},
				purpose: `rename the group ${id} to ${JSON.stringify(displayName)}`,
				itemIndex: input.paramIndex,
			});
			// RFC 7644 lets a provider answer 204 without the group.
			return body && typeof body === 'object'
				? resourceOutput(body as IDataObject)
				: { id, displayName };
		},
		{ concurrency: readRequestsInParallel(this) },
	);
}
