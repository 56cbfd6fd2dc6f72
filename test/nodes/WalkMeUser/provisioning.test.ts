/**
 * WalkMe User for HR-driven provisioning, through n8n's engine against the SCIM emulator (strict
 * as RFC 7644 reads: a PATCH is all or nothing, and removing a member that is not there is 400
 * noTarget): rehires, membership that is safe to run twice, and the group lifecycle.
 */
import type { IDataObject } from 'n8n-workflow';

import { ScimEmulator } from '../../../dev/emulator/scim';
import { scimCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const scim = emulatorPerFile(new ScimEmulator());
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function run(
	resource: 'user' | 'group',
	operation: string,
	parameters: IDataObject,
	items: IDataObject[] = [{}],
) {
	return await runNode({
		nodeType: 'walkMeUser',
		credentials: scimCredential(scim),
		items,
		parameters: { resource, operation, ...parameters },
	});
}

const sent = (method: string) => scim.log.filter((request) => request.method === method);

describe('WalkMe User: a rehire is active again, in the same PATCH', () => {
	const fromHrList = {
		userName: '={{ $json.email }}',
		givenName: '={{ $json.first }}',
		familyName: '={{ $json.last }}',
	};

	it('Create or Update with Active from the HR list: the deactivated user is reactivated', async () => {
		const ana = scim.addUser({ userName: 'ana@example.com', familyName: 'Old', active: false });
		scim.addUser({ userName: 'bo@example.com', givenName: 'Bo', familyName: 'Lind' });
		const { output, error } = await run(
			'user',
			'createOrUpdate',
			{ ...fromHrList, additionalFields: { active: '={{ $json.status === "active" }}' } },
			[
				{ email: 'ana@example.com', first: 'Given', last: 'New', status: 'active' },
				{ email: 'bo@example.com', first: 'Bo', last: 'Lind', status: 'active' },
			],
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.result)).toEqual(['reactivated', 'unchanged']);
		expect(sent('PATCH')).toHaveLength(1);
		expect(sent('PATCH')[0].path).toMatch(new RegExp(`/Users/${ana.id}$`));
		expect(sent('PATCH')[0].body).toStrictEqual({
			schemas: [PATCH_OP],
			Operations: [
				{ op: 'replace', path: 'name.familyName', value: 'New' },
				{ op: 'replace', path: 'active', value: true },
			],
		});
		expect(scim.users.get(ana.id)).toMatchObject({ active: true, name: { familyName: 'New' } });
	});

	it('a user deactivated on purpose stays so when the workflow does not set Active', async () => {
		const ana = scim.addUser({ userName: 'ana@example.com', familyName: 'Old', active: false });
		const { output } = await run('user', 'createOrUpdate', fromHrList, [
			{ email: 'ana@example.com', first: 'Given', last: 'New' },
		]);
		expect(output[0].json.result).toBe('updated');
		expect(sent('PATCH')[0].body).toStrictEqual({
			schemas: [PATCH_OP],
			Operations: [{ op: 'replace', path: 'name.familyName', value: 'New' }],
		});
		expect(scim.users.get(ana.id)?.active).toBe(false);
	});

	it('Create takes Active too: a user created inactive', async () => {
		const { output } = await run('user', 'create', {
			userName: 'cy@example.com',
			givenName: 'Cy',
			familyName: 'Ng',
			additionalFields: { active: false },
		});
		expect(output[0].json).toMatchObject({ userName: 'cy@example.com', active: false });
		expect(sent('POST')[0].body).toMatchObject({ active: false });
	});
});

describe('WalkMe User: membership that is safe to run twice', () => {
	it('Remove Users run again after a partial run: the one already gone is alreadyAbsent, the other removed, the rest untouched', async () => {
		const [a, b, c] = ['a', 'b', 'c'].map((name) => scim.addUser({ userName: `${name}@x.io` }));
		const team = scim.addGroup('Team', [a.id, b.id, c.id]);
		// The first run removed A, then the execution failed and is retried with A and B.
		await run('group', 'removeUsers', { groupId: team.id, userIds: a.id });
		scim.clearLog();
		const { output, error } = await run('group', 'removeUsers', {
			groupId: team.id,
			userIds: `${a.id}, ${b.id}`,
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ usersRemoved: [b.id], alreadyAbsent: [a.id] });
		expect(scim.log.map((request) => request.method)).toEqual(['GET', 'PATCH']);
		expect(sent('PATCH')[0].body).toStrictEqual({
			schemas: [PATCH_OP],
			Operations: [{ op: 'remove', path: `members[value eq "${b.id}"]` }],
		});
		expect(scim.groups.get(team.id)?.members.map((member) => member.value)).toEqual([c.id]);

		scim.clearLog();
		const third = await run('group', 'removeUsers', { groupId: team.id, userIds: a.id });
		expect(third.output[0].json).toMatchObject({ usersRemoved: [], alreadyAbsent: [a.id] });
		// Nothing to remove: no PATCH at all (never a plain `members` remove, which empties the group).
		expect(scim.log.map((request) => request.method)).toEqual(['GET']);
		expect(scim.groups.get(team.id)?.members).toHaveLength(1);
	});

	it('Add Users run twice: the second finds them members and sends no PATCH', async () => {
		const [a, b] = ['a', 'b'].map((name) => scim.addUser({ userName: `${name}@x.io` }));
		const team = scim.addGroup('Team', [a.id]);
		const first = await run('group', 'addUsers', { groupId: team.id, userIds: `${a.id},${b.id}` });
		expect(first.output[0].json).toMatchObject({ usersAdded: [b.id], alreadyMember: [a.id] });
		expect(sent('PATCH')[0].body).toStrictEqual({
			schemas: [PATCH_OP],
			Operations: [{ op: 'add', path: 'members', value: [{ value: b.id }] }],
		});
		scim.clearLog();
		const second = await run('group', 'addUsers', { groupId: team.id, userIds: `${a.id},${b.id}` });
		expect(second.output[0].json).toMatchObject({ usersAdded: [], alreadyMember: [a.id, b.id] });
		expect(scim.log.map((request) => request.method)).toEqual(['GET']);
	});

	it('an unknown user ID is still a clear error, and nothing is applied', async () => {
		const a = scim.addUser({ userName: 'a@x.io' });
		const team = scim.addGroup('Team');
		const { error } = await run('group', 'addUsers', {
			groupId: team.id,
			userIds: `${a.id}, no-such-user`,
		});
		expect(error?.message).toBe(`WalkMe SCIM answered 400 to add users to the group ${team.id}`);
		expect(error?.description).toMatch(/No user "no-such-user" to add to the group/);
		expect(scim.groups.get(team.id)?.members).toEqual([]);
	});
});

describe('WalkMe User: the group lifecycle', () => {
	it('Create (with members), Rename, Delete', async () => {
		const a = scim.addUser({ userName: 'a@x.io' });
		const created = await run('group', 'create', { displayName: 'Onboarding', userIds: a.id });
		expect(created.error).toBeUndefined();
		const id = String(created.output[0].json.id);
		expect(created.output[0].json).toMatchObject({
			displayName: 'Onboarding',
			members: [expect.objectContaining({ value: a.id })],
			result: 'created',
		});
		expect(sent('POST')[0].body).toStrictEqual({
			schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
			displayName: 'Onboarding',
			members: [{ value: a.id }],
		});

		const renamed = await run('group', 'rename', { groupId: id, displayName: 'New hires' });
		expect(renamed.output[0].json).toMatchObject({ id, displayName: 'New hires' });
		expect(sent('PATCH')[0].body).toStrictEqual({
			schemas: [PATCH_OP],
			Operations: [{ op: 'replace', path: 'displayName', value: 'New hires' }],
		});
		expect(scim.groups.get(id)?.members).toHaveLength(1);

		const deleted = await run('group', 'delete', { groupId: id });
		expect(deleted.output[0].json).toEqual({ id, deleted: true });
		expect(scim.groups.has(id)).toBe(false);
		expect(scim.users.has(a.id)).toBe(true);
	});

	it('a name another group has: 409, a clear error naming it, for Create and Rename', async () => {
		const sales = scim.addGroup('Sales');
		const support = scim.addGroup('Support');
		const created = await run('group', 'create', { displayName: 'Sales' });
		expect(created.error?.message).toBe(
			'WalkMe SCIM answered 409 to create the group "Sales": Group Sales already exists',
		);
		expect(created.error?.description).toMatch(/A WalkMe group has this name already/);
		const renamed = await run('group', 'rename', { groupId: support.id, displayName: 'sales' });
		expect(renamed.error?.message).toMatch(/^WalkMe SCIM answered 409 to rename the group/);
		expect(scim.groups.get(support.id)?.displayName).toBe('Support');
		expect(scim.groups.size).toBe(2);
		expect(sales.displayName).toBe('Sales');
	});

	it('a Delete retried after a 502 that WalkMe carried out counts as deleted; an unknown ID does not', async () => {
		const team = scim.addGroup('Team');
		scim.injectFault({ method: 'DELETE', status: 502, afterHandling: true });
		const retried = await run('group', 'delete', { groupId: team.id });
		expect(retried.error).toBeUndefined();
		expect(retried.output[0].json).toEqual({ id: team.id, deleted: true });
		expect(sent('DELETE').map((request) => request.status)).toEqual([502, 404]);

		const unknown = await run('group', 'delete', { groupId: 'no-such-group' });
		expect(unknown.error?.message).toBe(
			'WalkMe SCIM answered 404 to delete the group no-such-group: Resource no-such-group not found',
		);
	});

	it('a Create whose answer was lost (502 after WalkMe made it) is looked up by name, not sent again', async () => {
		scim.injectFault({ method: 'POST', pathIncludes: '/Groups', status: 502, afterHandling: true });
		const { output, error } = await run('group', 'create', { displayName: 'Leavers' });
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ displayName: 'Leavers', result: 'created' });
		expect(sent('POST')).toHaveLength(1);
		expect([...scim.groups.values()].map((group) => group.displayName)).toEqual(['Leavers']);
	});
});
