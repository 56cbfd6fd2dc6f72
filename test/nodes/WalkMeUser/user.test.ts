import type { IDataObject } from 'n8n-workflow';

import { ScimEmulator } from '../../../dev/emulator/scim';
import { scimCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const scim = emulatorPerFile(new ScimEmulator());
const SYSTEM = '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9';
const OTHER_SYSTEM = '0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f0';

async function user(
	operation: string,
	parameters: IDataObject,
	items: IDataObject[] = [{}],
	extra: {
		continueOnFail?: boolean;
		authentication?: 'basic' | 'bearer';
		credential?: Record<string, string>;
	} = {},
) {
	return await runNode({
		nodeType: 'walkMeUser',
		credentials: scimCredential(scim, extra.authentication, extra.credential),
		items,
		parameters: { resource: 'user', operation, ...parameters },
		continueOnFail: extra.continueOnFail,
	});
}

const dana = {
	userName: 'dana@example.com',
	givenName: 'Dana',
	familyName: 'Scully',
	additionalFields: { accessRole: 'contentEditor', allowedSystems: SYSTEM, externalId: 'dana-sso' },
};

describe('WalkMe User: user operations against a SCIM 2.0 service provider', () => {
	it('Create sends one POST of the SCIM User schema and outputs the user WalkMe made', async () => {
		const { output, error } = await user('create', dana);
		expect(error).toBeUndefined();
		const requests = scim.requests('users');
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'POST', path: '/deepui/api/scim/v2/Users' });
		expect(requests[0].contentType).toBe('application/scim+json');
		expect(requests[0].authorization).toBe(
			`Basic ${Buffer.from(`${scim.username}:${scim.password}`).toString('base64')}`,
		);
		expect(requests[0].body).toStrictEqual({
			schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
			userName: 'dana@example.com',
			name: { givenName: 'Dana', familyName: 'Scully' },
			externalId: 'dana-sso',
			accessRole: 'contentEditor',
			allowedSystems: [SYSTEM],
		});
		const stored = scim.findUser('dana@example.com');
		expect(output.map((item) => item.json)).toEqual([
			expect.objectContaining({ id: stored?.id, userName: 'dana@example.com', active: true }),
		]);
		expect(output[0].json).not.toHaveProperty('schemas');
		expect(JSON.stringify(output)).not.toContain(scim.password);
	});

	it('the Bearer token authenticates when the credential says so', async () => {
		const { error } = await user('create', dana, [{}], { authentication: 'bearer' });
		expect(error).toBeUndefined();
		expect(scim.requests('users')[0].authorization).toBe(`Bearer ${scim.token}`);
	});

	const good = { userName: 'ok@example.com', givenName: 'A', familyName: 'B', systems: SYSTEM };
	it.each([
		[
			'a User Name that is not an e-mail',
			{ userName: 'dana' },
			'User Name in item 1 must be an e-mail address, found the text "dana"',
		],
		['an empty First Name', { givenName: ' ' }, 'First Name in item 1 is empty'],
		['an empty Last Name', { familyName: '' }, 'Last Name in item 1 is empty'],
		[
			'an Allowed System that is not a GUID',
			{ systems: `${SYSTEM}, sales` },
			'Allowed Systems in item 1: the text "sales" is not a system GUID',
		],
		['an empty Allowed Systems', { systems: [] }, 'Allowed Systems in item 1 is empty'],
	])(
		'refuses %s before anything is sent, naming the field and the item',
		async (_case, change, message) => {
			const { error } = await user(
				'create',
				{
					userName: '={{ $json.userName }}',
					givenName: '={{ $json.givenName }}',
					familyName: '={{ $json.familyName }}',
					additionalFields: { allowedSystems: '={{ $json.systems }}' },
				},
				[good, { ...good, ...change }],
			);
			expect(error?.message).toBe(message);
			expect(scim.log).toHaveLength(0);
		},
	);

	it('an unknown operation is refused, naming it', async () => {
		const { error } = await user('promote', {});
		expect(error?.message).toBe('The operation "promote" of "user" is not supported');
		expect(scim.log).toHaveLength(0);
	});

	it('a userName WalkMe has already: 409 answered by a clear error; the user is not changed', async () => {
		scim.addUser({ userName: 'Dana@Example.com', accessRole: 'admin' });
		const { error } = await user('create', dana);
		expect(error?.message).toBe(
			'WalkMe SCIM answered 409 to create the user dana@example.com: User dana@example.com already exists',
		);
		expect(error?.description).toContain('use Create or Update');
		expect(scim.findUser('dana@example.com')?.accessRole).toBe('admin');
	});

	it('a 500 after WalkMe created the user: not sent again; the user is found by userName', async () => {
		scim.injectFault({ method: 'POST', pathIncludes: '/Users', status: 500, afterHandling: true });
		const { output, error } = await user('create', dana);
		expect(error).toBeUndefined();
		expect(scim.requests('users').map((r) => `${r.method} ${r.status}`)).toEqual([
			'POST 500',
			'GET 200',
		]);
		expect(new URLSearchParams(scim.requests('users')[1].query).get('filter')).toBe(
			'userName eq "dana@example.com"',
		);
		expect(scim.users.size).toBe(1);
		expect(output[0].json).toMatchObject({
			userName: 'dana@example.com',
			accessRole: 'contentEditor',
		});
	});

	it('a 502 before WalkMe acted: looked up, absent, created once more', async () => {
		scim.injectFault({ method: 'POST', pathIncludes: '/Users', status: 502 });
		const { output, error } = await user('create', dana);
		expect(error).toBeUndefined();
		expect(scim.requests('users').map((r) => `${r.method} ${r.status}`)).toEqual([
			'POST 502',
			'GET 200',
			'POST 201',
		]);
		expect(scim.users.size).toBe(1);
		expect(output[0].json).toMatchObject({ userName: 'dana@example.com' });
	});

	it("429 with Retry-After: the create waits WalkMe's time and goes once more", async () => {
		scim.injectFault({
			method: 'POST',
			pathIncludes: '/Users',
			status: 429,
			headers: { 'Retry-After': '1' },
		});
		const started = Date.now();
		const { error } = await user('create', dana);
		expect(error).toBeUndefined();
		const [first, second] = scim.requests('users');
		expect([first.status, second.status]).toEqual([429, 201]);
		expect(second.at - first.at).toBeGreaterThanOrEqual(950);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('Get by ID and by user name; a user name nobody has is an error for that item', async () => {
		const stored = scim.addUser({ userName: 'mo@example.com' });
		const byId = await user('get', { findBy: 'id', userId: stored.id });
		expect(byId.output[0].json).toMatchObject({ id: stored.id, userName: 'mo@example.com' });
		const byName = await user('get', { findBy: 'userName', userName: 'MO@example.com' });
		expect(byName.output[0].json).toMatchObject({ id: stored.id });
		// A quote in an e-mail address travels as SCIM's (JSON's) escaped string literal.
		const quoted = scim.addUser({ userName: 'o"neil\\x@example.com' });
		const byQuotedName = await user('get', {
			findBy: 'userName',
			userName: 'o"neil\\x@example.com',
		});
		expect(byQuotedName.output[0].json).toMatchObject({ id: quoted.id });
		expect(new URLSearchParams(scim.log[scim.log.length - 1].query).get('filter')).toBe(
			'userName eq "o\\"neil\\\\x@example.com"',
		);
		const missing = await user('get', { findBy: 'userName', userName: 'nobody@example.com' });
		expect(missing.error?.message).toBe('No WalkMe user has the user name nobody@example.com');
		const unknownId = await user('get', { findBy: 'id', userId: 'no-such-id' });
		expect(unknownId.error?.message).toBe(
			'WalkMe SCIM answered 404 to read the user no-such-id: Resource no-such-id not found',
		);
	});

	it('Get Many pages with startIndex and count until totalResults, and filters by SCIM eq … and', async () => {
		for (let i = 0; i < 250; i++)
			scim.addUser({ userName: `u${i}@example.com`, active: i % 5 !== 0, externalId: `e${i}` });
		const all = await user('getAll', { returnAll: true });
		expect(all.output).toHaveLength(250);
		expect(scim.requests('users').map((r) => r.query)).toEqual([
			'startIndex=1&count=100',
			'startIndex=101&count=100',
			'startIndex=201&count=100',
		]);
		scim.clearLog();
		const some = await user('getAll', { returnAll: false, limit: 7 });
		expect(some.output).toHaveLength(7);
		expect(scim.requests('users').map((r) => r.query)).toEqual(['startIndex=1&count=7']);
		const inactive = await user('getAll', { returnAll: true, filters: { active: 'false' } });
		expect(inactive.output).toHaveLength(50);
		const one = await user('getAll', {
			returnAll: true,
			filters: { externalId: 'e7', active: 'true' },
		});
		expect(one.output.map((item) => item.json.userName)).toEqual(['u7@example.com']);
		expect(new URLSearchParams(scim.log[scim.log.length - 1].query).get('filter')).toBe(
			'externalId eq "e7" and active eq true',
		);
	});

	it('a provider that pages by fewer than asked is read to the end', async () => {
		scim.maxResults = 40;
		for (let i = 0; i < 90; i++) scim.addUser({ userName: `p${i}@example.com` });
		const { output } = await user('getAll', { returnAll: true });
		expect(output).toHaveLength(90);
		expect(
			scim.requests('users').map((r) => new URLSearchParams(r.query).get('startIndex')),
		).toEqual(['1', '41', '81']);
	});

	it('Update patches only the fields given, so the role WalkMe holds stays', async () => {
		const stored = scim.addUser({
			userName: 'lee@example.com',
			accessRole: 'admin',
			allowedSystems: [SYSTEM],
		});
		const { output, error } = await user('update', {
			userId: stored.id,
			updateFields: { familyName: 'Adama', allowedSystems: `${SYSTEM}, ${OTHER_SYSTEM}` },
		});
		expect(error).toBeUndefined();
		expect(scim.requests('users')[0].body).toStrictEqual({
			schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
			Operations: [
				{ op: 'replace', path: 'name.familyName', value: 'Adama' },
				{ op: 'replace', path: 'allowedSystems', value: [SYSTEM, OTHER_SYSTEM] },
			],
		});
		expect(scim.users.get(stored.id)).toMatchObject({
			accessRole: 'admin',
			name: { familyName: 'Adama' },
		});
		expect(output[0].json).toMatchObject({
			accessRole: 'admin',
			allowedSystems: [SYSTEM, OTHER_SYSTEM],
		});
		const empty = await user('update', { userId: stored.id, updateFields: {} });
		expect(empty.error?.message).toBe('Update Fields in item 0 is empty');
	});

	it('Deactivate sets active false and keeps the user; Delete removes it (204)', async () => {
		const stored = scim.addUser({ userName: 'gone@example.com', accessRole: 'publisher' });
		const deactivated = await user('deactivate', { userId: stored.id });
		expect(deactivated.output[0].json).toMatchObject({ active: false, accessRole: 'publisher' });
		expect(scim.requests('users')[0].body).toStrictEqual({
			schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
			Operations: [{ op: 'replace', path: 'active', value: false }],
		});
		const deleted = await user('delete', { userId: stored.id });
		expect(deleted.output.map((item) => item.json)).toEqual([{ id: stored.id, deleted: true }]);
		expect(scim.users.has(stored.id)).toBe(false);
		const again = await user('delete', { userId: stored.id });
		expect(again.error?.message).toMatch(/^WalkMe SCIM answered 404 to delete the user/);
	});

	it('a Delete retried after a 502 that WalkMe had carried out counts as deleted', async () => {
		const stored = scim.addUser({ userName: 'retry@example.com' });
		scim.injectFault({ method: 'DELETE', status: 502, afterHandling: true });
		const { output, error } = await user('delete', { userId: stored.id });
		expect(error).toBeUndefined();
		expect(scim.requests('users').map((r) => r.status)).toEqual([502, 404]);
		expect(output[0].json).toEqual({ id: stored.id, deleted: true });
	});

	it('a wrong password: WalkMe says 401, the error says where to copy the credentials', async () => {
		const { error } = await user('getAll', { returnAll: true }, [{}], {
			credential: { password: 'wrong' },
		});
		expect(error?.message).toBe(
			'WalkMe SCIM answered 401 to list the users: Authentication failed',
		);
		expect(error?.description).toContain("SCIM integration in WalkMe's Admin Center");
		expect(JSON.stringify(error)).not.toContain('wrong');
	});

	it('an empty password or a plain-http host elsewhere is refused before anything is sent', async () => {
		const empty = await user('getAll', { returnAll: true }, [{}], { credential: { password: '' } });
		expect(empty.error?.message).toBe('The WalkMe SCIM credential has no Password');
		const plain = await user('getAll', { returnAll: true }, [{}], {
			credential: { baseUrl: 'http://scim.example.com/scim/v2' },
		});
		expect(plain.error?.message).toContain('The SCIM Base URL must start with https://');
		expect(scim.log).toHaveLength(0);
	});

	it('with On Error → Continue, a failing item becomes an error item and the others go on', async () => {
		scim.addUser({ userName: 'taken@example.com' });
		const { output } = await user(
			'create',
			{ userName: '={{ $json.email }}', givenName: 'A', familyName: 'B' },
			[
				{ email: 'new1@example.com' },
				{ email: 'taken@example.com' },
				{ email: 'new2@example.com' },
			],
			{ continueOnFail: true },
		);
		expect(output.map((item) => item.json.userName ?? item.json.error)).toEqual([
			'new1@example.com',
			'WalkMe SCIM answered 409 to create the user taken@example.com: User taken@example.com already exists',
			'new2@example.com',
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});
