import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { readList, readRequiredText } from '../../../shared/parameters';
import { GROUP_SCHEMA, createOnce, resourceOutput } from '../../helpers/scim';
import { parallelOptions } from '../user/common.descriptions';
import { displayNameField, userIdsField } from './common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['create'] } },
	[
		displayNameField,
		{
			...userIdsField,
			displayName: 'Members',
			required: false,
			description:
				'SCIM IDs of the users to put in the group, separated by commas (or a list from an expression); empty for none',
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
		(input) => ({
			displayName: readRequiredText(this, 'displayName', 'Name', input.paramIndex),
			members: [...new Set(readList(this, 'userIds', 'Members', input.paramIndex))],
		}),
		async ({ displayName, members }, input) => {
			const body = {
				schemas: [GROUP_SCHEMA],
				displayName,
				...(members.length > 0 ? { members: members.map((value) => ({ value })) } : {}),
			};
			const group = await createOnce(this, 'Groups', body, displayName, input.paramIndex);
			return resourceOutput(group, { result: 'created' });
		},
		{ concurrency: readRequestsInParallel(this) },
	);
}
