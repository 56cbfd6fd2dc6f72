import type { IDataObject } from 'n8n-workflow';

import { ScimEmulator } from '../../../dev/emulator/scim';
import { scimCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const scim = emulatorPerFile(new ScimEmulator());

async function group(operation: string, parameters: IDataObject, items: IDataObject[] = [{}]) {
	return await runNode({
		nodeType: 'walkMeUser',
		credentials: scimCredential(scim),
		items,
		parameters: { resource: 'group', operation, ...parameters },
	});
}

describe('WalkMe User: group operations', () => {
	it('Get Many lists the groups, or the one with a display name; Get reads one with its members', async () => {
		const ana = scim.addUser({ userName: 'ana@example.com' });
		const sales = scim.addGroup('Sales', [ana.id]);
		scim.addGroup('Support');
		const all = await group('getAll', { returnAll: true });
		expect(all.output.map((item) => item.json.displayName)).toEqual(['Sales', 'Support']);
		const named = await group('getAll', { returnAll: true, filters: { displayName: 'Sales' } });
		expect(named.output.map((item) => item.json.id)).toEqual([sales.id]);
		const one = await group('get', { groupId: sales.id });
		expect(one.output[0].json).toMatchObject({
			id: sales.id,
			members: [expect.objectContaining({ value: ana.id, display: 'ana@example.com' })],
		});
	});

	it('Add Users: one PATCH per item, items in parallel; Remove Users by members[value eq …]', async () => {
		const users = Array.from({ length: 3 }, (_, i) =>
			scim.addUser({ userName: `m${i}@example.com` }),
		);
		const groups = ['A', 'B', 'C', 'D'].map((name) => scim.addGroup(name));
		scim.setLatency(30);
		const added = await group(
			'addUsers',
			{ groupId: '={{ $json.group }}', userIds: '={{ $json.users }}' },
			groups.map((g) => ({ group: g.id, users: users.map((u) => u.id) })),
		);
		expect(added.error).toBeUndefined();
		const patches = () => scim.requests('groups').filter((request) => request.method === 'PATCH');
		// Each item reads its group's members once, then patches.
		expect(scim.requests('groups').filter((request) => request.method === 'GET')).toHaveLength(4);
		expect(patches()).toHaveLength(4);
		expect(patches()[0].body).toStrictEqual({
			schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
			Operations: [{ op: 'add', path: 'members', value: users.map((u) => ({ value: u.id })) }],
		});
		expect(scim.maxInFlight).toBeGreaterThan(1);
		expect(groups.every((g) => g.members.length === 3)).toBe(true);
		expect(added.output[0].json).toMatchObject({
			id: groups[0].id,
			usersAdded: users.map((u) => u.id),
		});

		scim.clearLog();
		const removed = await group('removeUsers', {
			groupId: groups[0].id,
			userIds: `${users[0].id}, ${users[2].id}`,
		});
		expect(patches()[0].body).toStrictEqual({
			schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
			Operations: [
				{ op: 'remove', path: `members[value eq "${users[0].id}"]` },
				{ op: 'remove', path: `members[value eq "${users[2].id}"]` },
			],
		});
		expect(scim.groups.get(groups[0].id)?.members.map((m) => m.value)).toEqual([users[1].id]);
		expect(removed.output[0].json.usersRemoved).toEqual([users[0].id, users[2].id]);
	});

	it('a user ID WalkMe does not know: its 400 quoted; empty User IDs refused before sending', async () => {
		const sales = scim.addGroup('Sales');
		const unknown = await group('addUsers', { groupId: sales.id, userIds: 'no-such-user' });
		expect(unknown.error?.message).toBe(
			`WalkMe SCIM answered 400 to add users to the group ${sales.id}`,
		);
		expect(unknown.error?.description).toMatch(
			/^WalkMe SCIM said: No user "no-such-user" to add to the group\. /,
		);
		scim.clearLog();
		const empty = await group('removeUsers', { groupId: sales.id, userIds: ' , ' });
		expect(empty.error?.message).toBe('User IDs in item 0 is empty');
		expect(scim.log).toHaveLength(0);
	});
});
