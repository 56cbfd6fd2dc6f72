import type { IDataObject } from 'n8n-workflow';

import { ScimEmulator } from '../../../dev/emulator/scim';
import { scimCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const scim = emulatorPerFile(new ScimEmulator());
const SYSTEM = '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9';

async function user(operation: string, parameters: IDataObject, items: IDataObject[]) {
	return await runNode({
		nodeType: 'walkMeUser',
		credentials: scimCredential(scim),
		items,
		parameters: { resource: 'user', operation, ...parameters },
	});
}

const fromHrList = {
	userName: '={{ $json.email }}',
	givenName: '={{ $json.first }}',
	familyName: '={{ $json.last }}',
	additionalFields: { accessRole: '={{ $json.role }}', allowedSystems: '={{ $json.systems }}' },
};

const hrPerson = (email: string, role: string) => ({
	email,
	first: 'Given',
	last: 'Family',
	role,
	systems: [SYSTEM],
});

describe('WalkMe User: Create or Update, for a nightly reconciliation from an HR list', () => {
	it('250 people: the new created, the changed patched, the same left alone, the gone deactivated, in 136 requests', async () => {
		// WalkMe: 200 people still employed (the first 50 with an outdated role) and 30 who left.
		for (let i = 0; i < 200; i++)
			scim.addUser({
				userName: `staff${i}@example.com`,
				givenName: 'Given',
				familyName: 'Family',
				accessRole: i < 50 ? 'contentEditor' : 'publisher',
				allowedSystems: [SYSTEM],
			});
		for (let i = 0; i < 30; i++) scim.addUser({ userName: `left${i}@example.com` });
		const hrList = [
			...Array.from({ length: 200 }, (_, i) => hrPerson(`staff${i}@example.com`, 'publisher')),
			...Array.from({ length: 50 }, (_, i) => hrPerson(`hire${i}@example.com`, 'publisher')),
		];

		const upserted = await user('createOrUpdate', fromHrList, hrList);
		expect(upserted.error).toBeUndefined();
		const results = upserted.output.map((item) => item.json.result);
		expect(results.filter((r) => r === 'created')).toHaveLength(50);
		expect(results.filter((r) => r === 'updated')).toHaveLength(50);
		expect(results.filter((r) => r === 'unchanged')).toHaveLength(150);
		expect(upserted.output.map((item) => item.pairedItem)).toEqual(
			hrList.map((_, item) => ({ item })),
		);
		// Reading all 230 users (3 pages) costs less than 250 lookups; then one write per change.
		const writes = scim.requests('users');
		expect(writes.filter((r) => r.method === 'GET')).toHaveLength(3);
		expect(writes.filter((r) => r.method === 'POST')).toHaveLength(50);
		expect(writes.filter((r) => r.method === 'PATCH')).toHaveLength(50);
		expect(writes.find((r) => r.method === 'PATCH')?.body).toStrictEqual({
			schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
			Operations: [{ op: 'replace', path: 'accessRole', value: 'publisher' }],
		});

		// The leavers: everyone WalkMe lists who is not on the HR list (a Compare Datasets node's job).
		const listed = await user('getAll', { returnAll: true }, [{}]);
		const employed = new Set(hrList.map((person) => person.email));
		const gone = listed.output.filter((item) => !employed.has(String(item.json.userName)));
		expect(gone).toHaveLength(30);
		const deactivated = await user(
			'deactivate',
			{ userId: '={{ $json.id }}' },
			gone.map((item) => item.json),
		);
		expect(deactivated.output.every((item) => item.json.active === false)).toBe(true);

		const requests = scim.requests('users');
		expect(requests).toHaveLength(136);
		const held = [...scim.users.values()];
		expect(held.filter((u) => u.active)).toHaveLength(250);
		expect(held.filter((u) => u.active).every((u) => u.accessRole === 'publisher')).toBe(true);
		expect(
			held
				.filter((u) => !u.active)
				.map((u) => u.userName)
				.sort(),
		).toEqual(Array.from({ length: 30 }, (_, i) => `left${i}@example.com`).sort());
		process.stdout.write(
			`reconciliation of 250 people against 230 WalkMe users: ${requests.length} SCIM requests ` +
				`(Create or Update ${writes.length}: 3 list pages, 50 creates, 50 patches; Get Many 3; Deactivate 30)\n`,
		);
	});

	it('a few items against many WalkMe users: one lookup per item instead of reading them all', async () => {
		for (let i = 0; i < 450; i++) scim.addUser({ userName: `many${i}@example.com` });
		const { output } = await user('createOrUpdate', fromHrList, [
			hrPerson('many1@example.com', 'publisher'),
			hrPerson('new@example.com', 'publisher'),
		]);
		expect(output.map((item) => item.json.result)).toEqual(['updated', 'created']);
		const gets = scim.requests('users').filter((r) => r.method === 'GET');
		// The first page tells 450 users (5 pages): two lookups are cheaper.
		expect(gets.map((r) => new URLSearchParams(r.query).get('filter'))).toEqual([
			null,
			'userName eq "many1@example.com"',
			'userName eq "new@example.com"',
		]);
	});

	it('the same new person twice, in parallel: one create, and the 409 of the other answered by a patch', async () => {
		const { output, error } = await user('createOrUpdate', fromHrList, [
			hrPerson('twin@example.com', 'publisher'),
			hrPerson('twin@example.com', 'contentEditor'),
		]);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.result).sort()).toEqual(['created', 'updated']);
		expect(scim.users.size).toBe(1);
		expect(scim.requests('users').filter((r) => r.status === 409)).toHaveLength(1);
	});

	it('a 503 to the create with Retry-After, then created: sent twice only because WalkMe refused the first', async () => {
		scim.injectFault({ method: 'POST', status: 503, headers: { 'Retry-After': '0' } });
		const { output } = await user('createOrUpdate', fromHrList, [
			hrPerson('solo@example.com', 'publisher'),
		]);
		expect(output[0].json).toMatchObject({ result: 'created', accessRole: 'publisher' });
		expect(scim.requests('users').map((r) => `${r.method} ${r.status}`)).toEqual([
			'GET 200',
			'POST 503',
			'POST 201',
		]);
	});
});
