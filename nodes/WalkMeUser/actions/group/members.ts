import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { unreadableAnswer } from '../../../shared/transport/failures';
import { jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { readList } from '../../../shared/parameters';
import type { ApiRequest } from '../../../shared/transport/types';
import { scimApiRequest } from '../../../shared/transport/scim';
import { PATCH_SCHEMA, readResourceId, resourceOutput, scimString } from '../../helpers/scim';

/** What each change is called in the output: the users it applied to, and those it found done. */
const OUTPUT = {
	add: { applied: 'usersAdded', done: 'alreadyMember', verb: 'add users to' },
	remove: { applied: 'usersRemoved', done: 'alreadyAbsent', verb: 'remove users from' },
} as const;

/** The group's member IDs; a group without members may leave `members` out (RFC 7643 §2.5). */
function memberIds(
	context: IExecuteFunctions,
	request: ApiRequest,
	response: { statusCode: number; body: unknown },
): Set<string> {
	const members = (response.body as { members?: unknown } | null)?.members ?? [];
	if (!response.body || typeof response.body !== 'object' || !Array.isArray(members))
		throw unreadableAnswer(context, 'WalkMe SCIM', request, response, 'a group');
	return new Set(members.map((member) => String((member as { value?: unknown })?.value)));
}

/**
 * Add Users and Remove Users, safe to run again (n8n's Retry On Fail, a re-run execution): the
 * group's members are read first, and one PATCH (RFC 7644 §3.5.2) changes only the users whose
 * membership differs: added in one operation, or each removed by a `members[value eq "…"]` path (a
 * path without a filter would empty the group, and a filter matching no member fails the whole
 * PATCH). Users found already done are listed as such.
 */
export async function changeMembers(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	change: 'add' | 'remove',
): Promise<INodeExecutionData[]> {
	const { applied, done, verb } = OUTPUT[change];
	return await runJobs(
		context,
		jobPerItem(items),
		(input) => {
			const itemIndex = input.paramIndex;
			const groupId = readResourceId(context, 'groupId', 'Group ID', itemIndex);
			const userIds = [...new Set(readList(context, 'userIds', 'User IDs', itemIndex))];
			if (userIds.length === 0) {
				throw inputError(context, itemIndex, 'User IDs', 'is empty');
			}
			return { groupId, userIds };
		},
		async ({ groupId, userIds }, input) => {
			const path = `/Groups/${encodeURIComponent(groupId)}`;
			const itemIndex = input.paramIndex;
			const read: ApiRequest = {
				method: 'GET',
				path,
				purpose: `read the group ${groupId}`,
				itemIndex,
			};
			const current = await scimApiRequest.call(context, read);
			const members = memberIds(context, read, current);
			const needed = userIds.filter((id) => members.has(id) === (change === 'remove'));
			const already = userIds.filter((id) => members.has(id) === (change === 'add'));
			let group = current.body as IDataObject;
			if (needed.length > 0) {
				const Operations =
					change === 'add'
						? [{ op: 'add', path: 'members', value: needed.map((value) => ({ value })) }]
						: needed.map((id) => ({ op: 'remove', path: `members[value eq ${scimString(id)}]` }));
				const { body } = await scimApiRequest.call(context, {
					method: 'PATCH',
					path,
					body: { schemas: [PATCH_SCHEMA], Operations },
					purpose: `${verb} the group ${groupId}`,
					itemIndex,
				});
				// RFC 7644 lets a provider answer 204 without the group: its members are then as read,
				// changed as asked.
				group =
					body && typeof body === 'object'
						? (body as IDataObject)
						: { ...group, members: expectedMembers(group, needed, change) };
			}
			return resourceOutput(group, { [applied]: needed, [done]: already });
		},
		{ concurrency: readRequestsInParallel(context) },
	);
}

function expectedMembers(group: IDataObject, needed: string[], change: 'add' | 'remove') {
	const members = (Array.isArray(group.members) ? group.members : []) as IDataObject[];
	if (change === 'add') return [...members, ...needed.map((value) => ({ value }))];
	const removed = new Set(needed);
	return members.filter((member) => !removed.has(String(member.value)));
}
