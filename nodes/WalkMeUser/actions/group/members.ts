import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { readList } from '../../../shared/parameters';
import { scimApiRequest } from '../../../shared/transport/scim';
import { PATCH_SCHEMA, readResourceId, resourceOutput, scimString } from '../../helpers/scim';

/**
 * Add Users and Remove Users: one PATCH of the group's members per item (RFC 7644 §3.5.2), adding
 * the users in one operation or removing each by a `members[value eq "…"]` path.
 */
export async function changeMembers(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	change: 'add' | 'remove',
): Promise<INodeExecutionData[]> {
	return await runJobs(
		context,
		jobPerItem(items),
		(input) => {
			const itemIndex = input.paramIndex;
			const groupId = readResourceId(context, 'groupId', 'Group ID', itemIndex);
			const userIds = [...new Set(readList(context, 'userIds', 'User IDs', itemIndex))];
			if (userIds.length === 0) {
				throw new NodeOperationError(context.getNode(), `User IDs in item ${itemIndex} is empty`, {
					itemIndex,
				});
			}
			return { groupId, userIds };
		},
		async ({ groupId, userIds }, input) => {
			const Operations =
				change === 'add'
					? [{ op: 'add', path: 'members', value: userIds.map((value) => ({ value })) }]
					: userIds.map((id) => ({ op: 'remove', path: `members[value eq ${scimString(id)}]` }));
			const { body } = await scimApiRequest.call(context, {
				method: 'PATCH',
				path: `/Groups/${encodeURIComponent(groupId)}`,
				body: { schemas: [PATCH_SCHEMA], Operations },
				purpose: `${change === 'add' ? 'add users to' : 'remove users from'} the group ${groupId}`,
				itemIndex: input.paramIndex,
			});
			// RFC 7644 lets a provider answer 204 without the group.
			const group =
				body && typeof body === 'object' ? resourceOutput(body as IDataObject) : { id: groupId };
			return { ...group, [change === 'add' ? 'usersAdded' : 'usersRemoved']: userIds };
		},
		{ concurrency: readRequestsInParallel(context) },
	);
}
