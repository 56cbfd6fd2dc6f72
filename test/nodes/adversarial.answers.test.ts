/**
 * Unexpected WalkMe answers must never create or hide anything: each answer the node cannot read
 * fails quoting it, and nothing that depends on it (a create) is done; a token failure says which.
 */
import type { IDataObject } from 'n8n-workflow';

import { Fault, WalkMeEmulator } from '../../dev/emulator/server';
import { SYSTEM_GUID, contacts, startEmulator, walkMeCredential } from '../../dev/walkme';
import { runNode } from '../../dev/workflow';
import { emulatorPerFile } from '../helpers/emulators';

const emulator = emulatorPerFile(new WalkMeEmulator());

const SEGMENT = '12345aeb-123c-4d83-8b38-a5a456789d0a';
const segmentGetAll = {
	resource: 'segment',
	operation: 'getAll',
	systemGuid: SYSTEM_GUID,
	returnAll: false,
	limit: 5,
};

/** Answers to "list the segments" that are not a segment list. */
const unreadableLists: Array<[string, Fault, RegExp]> = [
	[
		'an HTML page',
		{
			status: 200,
			rawBody: '<!DOCTYPE html><html><body>Maintenance</body></html>',
			contentType: 'text/html',
		},
		/^WalkMe answered: <!DOCTYPE html><html><body>Maintenance<\/body><\/html>\. Nothing that depends/,
	],
	[
		'truncated JSON',
		{
			status: 200,
			rawBody: '[{"guid": "12345aeb-123c-4d83-8b38-a5a4567',
			contentType: 'application/json',
		},
		/^WalkMe answered: \[{"guid": "12345aeb-123c-4d83-8b38-a5a4567\. Nothing that depends/,
	],
	[
		'a JSON object of another shape',
		{ status: 200, body: { total: 3, next: null } },
		/^WalkMe answered: {"total":3,"next":null}\. Nothing that depends/,
	],
	[
		'a list holding a string',
		{ status: 200, body: [{ guid: SEGMENT, name: 'A' }, 'B'] },
		/^WalkMe answered: \[{"guid":/,
	],
	[
		'a list key that is not a list',
		{ status: 200, body: { segments: 'none' } },
		/^WalkMe answered: {"segments":"none"}\. Nothing that depends/,
	],
	['null', { status: 200, rawBody: 'null' }, /^WalkMe answered: null\. Nothing that depends/],
	[
		'an empty body',
		{ status: 200, rawBody: '', contentType: 'text/plain' },
		/^WalkMe answered: \(empty body\)\. Nothing that depends/,
	],
	['a number', { status: 200, rawBody: '42' }, /^WalkMe answered: 42\. Nothing that depends/],
	[
		'a nested object without a list',
		{ status: 200, body: { data: { items: 5 } } },
		/^WalkMe answered: {"data":{"items":5}}\. Nothing that depends/,
	],
	[
		'a very long HTML page, quoted in part',
		{ status: 200, rawBody: `<html>${'x'.repeat(5000)}</html>`, contentType: 'text/html' },
		/^WalkMe answered: <html>x+… \(5013 characters\)\. Nothing that depends/,
	],
];

describe('answers the node cannot read are errors that quote them, never an empty result', () => {
	it.each(unreadableLists)('Get Many with %s', async (_, fault, message) => {
		emulator.injectFault({ method: 'GET', pathIncludes: '/segment', ...fault });
		const { error, output } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			parameters: { ...segmentGetAll, returnAll: true },
		});
		expect(output).toEqual([]);
		expect(error?.message).toBe(
			"WalkMe's answer to list the segments of the system (HTTP 200) is not a list of segments",
		);
		expect(error?.description).toMatch(message);
	});

	it.each(unreadableLists)(
		'Create or Override by Name with %s creates nothing',
		async (_, fault) => {
			emulator.injectFault({ method: 'GET', pathIncludes: '/segment', ...fault, times: 3 });
			for (let run = 0; run < 3; run++) {
				const { error } = await runNode({
					nodeType: 'walkMeSegment',
					credentials: walkMeCredential(emulator),
					items: contacts(3),
					parameters: {
						resource: 'segment',
						operation: 'createOrOverride',
						systemGuid: SYSTEM_GUID,
						name: 'Customers',
						userIdSource: 'allItems',
						userIdField: 'email',
					},
				});
				expect(error?.message).toMatch(
					/^WalkMe's answer to list the segments of the system \(HTTP 200\) is not a list of segments/,
				);
			}
			expect(
				emulator.requests('segments').filter((request) => request.method !== 'GET'),
			).toHaveLength(0);
			expect(emulator.segments(SYSTEM_GUID)).toEqual([]);
		},
	);

	it('Create or Override by Name will not guess when a listed segment has no name', async () => {
		emulator.injectFault({
			method: 'GET',
			pathIncludes: '/segment',
			status: 200,
			body: [{ guid: SEGMENT, label: 'Customers' }],
		});
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(3),
			parameters: {
				resource: 'segment',
				operation: 'createOrOverride',
				systemGuid: SYSTEM_GUID,
				name: 'Customers',
				userIdSource: 'allItems',
				userIdField: 'email',
			},
		});
		expect(error?.message).toBe(
			`WalkMe listed 1 segment(s) of system ${SYSTEM_GUID} without a readable name; nothing was changed`,
		);
		expect(error?.description).toBe(
			'So it cannot be told whether "Customers" exists, and nothing was created. ' +
				`First such entry: {"guid":"${SEGMENT}","label":"Customers"}`,
		);
		expect(
			emulator.requests('segments').filter((request) => request.method !== 'GET'),
		).toHaveLength(0);
	});

	it('Create or Override by Name will not create a duplicate of a listed segment without a GUID', async () => {
		emulator.injectFault({
			method: 'GET',
			pathIncludes: '/segment',
			status: 200,
			body: [{ name: 'Customers', usersCount: 3 }],
		});
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(3),
			parameters: {
				resource: 'segment',
				operation: 'createOrOverride',
				systemGuid: SYSTEM_GUID,
				name: 'Customers',
				userIdSource: 'allItems',
				userIdField: 'email',
			},
		});
		expect(error?.message).toBe(
			'WalkMe listed segment "Customers" without a readable GUID; nothing was changed',
		);
		expect(error?.description).toMatch(/^So it can be neither overridden nor safely created again/);
		expect(
			emulator.requests('segments').filter((request) => request.method !== 'GET'),
		).toHaveLength(0);
	});

	it('the segment picker says the list is unreadable instead of showing none', async () => {
		emulator.injectFault({
			method: 'GET',
			pathIncludes: '/segment',
			status: 200,
			body: { total: 0 },
		});
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			parameters: { ...segmentGetAll, returnAll: true },
		});
		expect(error?.message).toContain('is not a list of segments');
	});
});

describe('a create answer without the new segment GUID is reported exactly', () => {
	const create = (users: number) =>
		runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(users),
			parameters: {
				resource: 'segment',
				operation: 'create',
				systemGuid: SYSTEM_GUID,
				name: 'Customers',
				userIdSource: 'allItems',
				userIdField: 'email',
			},
			continueOnFail: true,
		});

	it('all users applied: says so, and quotes the answer', async () => {
		emulator.injectFault({
			method: 'POST',
			pathIncludes: '/segment',
			status: 201,
			afterHandling: true,
			body: { ok: true },
		});
		const { output } = await create(3);
		expect(output[0].json.error).toBe(
			'WalkMe created segment "Customers" but its answer (HTTP 201) carried no segment GUID: {"ok":true}',
		);
		expect((output[0].json.details as IDataObject).description).toBe('All 3 users were applied.');
		expect(emulator.segments(SYSTEM_GUID)[0].users).toHaveLength(3);
	});

	it('more users than one request: says which were applied and which not', async () => {
		emulator.injectFault({
			method: 'POST',
			pathIncludes: '/segment',
			status: 201,
			afterHandling: true,
			rawBody: '',
		});
		const { output } = await create(30000);
		expect(output[0].json.error).toBe(
			'Chunk 1 of 2 (create the segment with 25,000 users) failed; 25,000 of 30,000 users applied',
		);
		expect((output[0].json.details as IDataObject).description).toBe(
			'WalkMe created segment "Customers" but its answer (HTTP 201) carried ' +
				'no segment GUID, so the remaining users could not be added: (empty body). Applied: chunk 1, users 1–25,000 (25,000). ' +
				'Not applied: users 25,001–30,000 (5,000), starting with "user25001@example.com". ' +
				'The new segment (its GUID unknown) holds only the applied users.',
		);
		const details = output[0].json.details as {
			applied: { users: number };
			notApplied: { users: number };
		};
		expect([details.applied.users, details.notApplied.users]).toEqual([25000, 5000]);
		expect(
			emulator.requests('segments').filter((request) => request.method === 'PUT'),
		).toHaveLength(0);
	});
});

describe('token failures say what happened', () => {
	it('a wrong client secret: WalkMe answered and refused, it was not unreachable', async () => {
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator, { clientSecret: 'wrong' }),
			parameters: { ...segmentGetAll, returnAll: true },
		});
		expect(error?.message).toBe(
			'WalkMe did not issue a token (HTTP 401, invalid_client: Client authentication failed)',
		);
		expect(error?.description).toMatch(
			/^Check the client ID, the client secret and the region of the credential\. GET /,
		);
		expect(error?.message).not.toContain('could not be reached');
	});

	it('a token answer without a token', async () => {
		emulator.injectFault({
			pathIncludes: '/connect/token',
			status: 200,
			body: { token_type: 'Bearer', expires_in: 86400 },
		});
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			parameters: { ...segmentGetAll, returnAll: true },
		});
		expect(error?.message).toBe(
			"WalkMe's token endpoint answered HTTP 200 without an access_token",
		);
		expect(error?.description).toMatch(
			/^http:\/\/127\.0\.0\.1:\d+\/accounts\/connect\/token answered: {"token_type":"Bearer","expires_in":86400} GET /,
		);
	});

	it('an unreachable token endpoint', async () => {
		const closed = await startEmulator();
		await closed.stop();
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator, { baseUrl: closed.baseUrl }),
			parameters: { ...segmentGetAll, returnAll: true },
		});
		expect(error?.message).toBe(
			"WalkMe's token endpoint could not be reached (the connection was refused)",
		);
		expect(error?.description).toMatch(
			/^Check the region \(or the Base URL\) of the credential: http:\/\/127\.0\.0\.1:\d+\/accounts\/connect\/token\. GET /,
		);
	});
});
