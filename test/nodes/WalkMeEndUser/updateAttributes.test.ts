import { WalkMeEmulator } from '../../../dev/emulator/server';
import { emulatorPerFile } from '../../helpers/emulators';
import { INTEGRATION_TOKEN, attributeUpdater, users } from './common';

const emulator = emulatorPerFile(new WalkMeEmulator());
beforeEach(() => emulator.addIntegration(INTEGRATION_TOKEN, 'email'));
const updateAttributes = attributeUpdater(emulator);

describe('WalkMe End User: Update Attributes sends what the End User Update API documents', () => {
	it('250 users → 3 requests of at most 100, each reported, the token only in the body', async () => {
		const { output, error } = await updateAttributes(users(250));
		expect(error).toBeUndefined();
		const requests = emulator.requests('userData');
		expect(requests.map((request) => (request.body as { data: unknown[] }).data.length)).toEqual([
			100, 100, 50,
		]);
		expect(requests[0].body).toStrictEqual({
			token: INTEGRATION_TOKEN,
			data: users(100).map((user) => ({ ...user })),
		});
		expect(emulator.endUsers.get('user249@example.com')).toEqual({
			email: 'user249@example.com',
			plan: 'enterprise',
			region: 'EU',
		});
		expect(output.map((item) => item.json)).toEqual(
			[1, 2, 3].map((request) => ({
				request,
				requests: 3,
				users: request === 3 ? 50 : 100,
				status: 'accepted',
				statusCode: 200,
				attempts: 1,
				response: { message: 'Request has been received' },
			})),
		);
		expect(output[2].pairedItem).toEqual(
			Array.from({ length: 50 }, (_, index) => ({ item: 200 + index })),
		);
		expect(JSON.stringify(output)).not.toContain(INTEGRATION_TOKEN);
	});

	it('sends dates as YYYY-MM-DD in the workflow time zone, and booleans and numbers as they are', async () => {
		const { error } = await updateAttributes(
			[
				{
					email: 'ana@example.com',
					renewal: '2026-12-31T23:30:00Z',
					trial: false,
					seats: 25,
					signedUp: '={{ DateTime.fromISO("2026-01-02T10:00:00Z") }}',
				},
			],
			{
				attributeSource: 'keyValue',
				attributes: {
					attribute: [
						{ name: 'renewal', value: '={{ $json.renewal }}' },
						{ name: 'trial', value: '={{ $json.trial }}' },
						{ name: 'seats', value: '={{ $json.seats }}' },
						{ name: 'signedUp', value: '={{ DateTime.fromISO("2026-01-02T10:00:00Z") }}' },
					],
				},
				options: { dateAttributes: 'renewal' },
			},
			{ timezone: 'Europe/Lisbon' },
		);
		expect(error).toBeUndefined();
		expect((emulator.requests('userData')[0].body as { data: unknown[] }).data).toEqual([
			{
				email: 'ana@example.com',
				renewal: '2026-12-31',
				trial: false,
				seats: 25,
				signedUp: '2026-01-02',
			},
		]);
	});

	it('All Fields sends every field, the identifier once', async () => {
		const { error } = await updateAttributes(
			[{ email: 'bo@example.com', plan: 'team', country: 'PT' }],
			{ attributeSource: 'allFields' },
		);
		expect(error).toBeUndefined();
		expect((emulator.requests('userData')[0].body as { data: unknown[] }).data).toEqual([
			{ email: 'bo@example.com', plan: 'team', country: 'PT' },
		]);
	});
});

describe('WalkMe End User sends one entry per user', () => {
	it('two items of one user (items 10 and 140, plan gold then silver): one entry, the later value, the output says so', async () => {
		const items = users(150);
		items[10] = { ...items[10], plan: 'gold' };
		items[140] = { ...items[10], plan: 'silver' };
		items[21] = { ...items[20] };
		const { output, error } = await updateAttributes(items, { options: { requestsInParallel: 2 } });
		expect(error).toBeUndefined();
		const sent = emulator
			.requests('userData')
			.map((request) => (request.body as { data: Array<Record<string, unknown>> }).data);
		expect(sent.map((data) => data.length).sort()).toEqual([100, 48]);
		const entries = sent.flat().filter((entry) => entry.email === items[10].email);
		expect(entries).toEqual([{ email: items[10].email, plan: 'silver', region: 'EU' }]);
		expect(emulator.endUsers.get(String(items[10].email))).toMatchObject({ plan: 'silver' });
		expect(output.map((item) => [item.json.users, item.json.merged])).toEqual([
			[
				100,
				[
					{ email: items[10].email, items: [10, 140], replaced: ['plan'] },
					{ email: items[20].email, items: [20, 21], replaced: [] },
				],
			],
			[48, undefined],
		]);
		// Every item is paired with the request that carried its user: the first 100 users are
		// items 0–100 (item 21 is item 20's user), and item 140 is item 10's.
		expect((output[0].pairedItem as Array<{ item: number }>).map((pair) => pair.item)).toEqual([
			...Array.from({ length: 101 }, (_, index) => index),
			140,
		]);
	});

	it('a number is an identifier, sent as text, and the same user as its text', async () => {
		const { output, error } = await updateAttributes(
			[
				{ id: 42, plan: 'team', region: 'EU' },
				{ id: '42', plan: 'enterprise', region: 'EU' },
			],
			{ identifier: '={{ $json.id }}' },
		);
		expect(error).toBeUndefined();
		expect((emulator.requests('userData')[0].body as { data: unknown[] }).data).toEqual([
			{ email: '42', plan: 'enterprise', region: 'EU' },
		]);
		expect(output[0].json.merged).toEqual([{ email: '42', items: [0, 1], replaced: ['plan'] }]);
	});
});

describe('WalkMe End User under failures', () => {
	it('a 429 is retried after its Retry-After, and every user is accepted once', async () => {
		emulator.injectFault({
			pathIncludes: '/user/data',
			times: 1,
			status: 429,
			headers: { 'Retry-After': '1' },
		});
		const started = Date.now();
		const { error } = await updateAttributes(users(150), {}, {});
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(emulator.requests('userData').map((request) => request.status)).toEqual(
			expect.arrayContaining([429, 200, 200]),
		);
		expect(emulator.requests('userData')).toHaveLength(3);
		expect(emulator.endUsers.size).toBe(150);
	});

	it('a 502 after WalkMe acted is reported, not repeated, and the error says what was accepted', async () => {
		emulator.injectFault({
			pathIncludes: '/user/data',
			bodyIncludes: 'user100@example.com',
			times: 5,
			status: 502,
			afterHandling: true,
		});
		const { error } = await updateAttributes(users(250), { options: { requestsInParallel: 1 } });
		const sent = emulator.requests('userData');
		expect(sent.map((request) => request.status)).toEqual([200, 502]);
		expect(error?.message).toBe(
			'WalkMe answered 502 to update the attributes of item(s) 100–199; WalkMe may have carried it out',
		);
		expect(error?.description).toContain(
			'Accepted: item(s) 0–99 (100 user(s)). Not sent: item(s) 200–249. WalkMe may have received ' +
				'these users: check their attributes in WalkMe before sending them again. WalkMe said: injected fault 502.',
		);
		// WalkMe did take the second request (afterHandling), and it was not sent again.
		expect(emulator.endUsers.size).toBe(200);
	});

	it('a 403 names the scope the API key needs', async () => {
		emulator.injectFault({
			pathIncludes: '/user/data',
			times: 1,
			status: 403,
			body: { message: 'Forbidden' },
		});
		const { error } = await updateAttributes(users(1));
		expect(error?.description).toContain('endUserUpdate:write');
	});
});
