import type { IDataObject } from 'n8n-workflow';

import { WalkMeEmulator } from '../../../dev/emulator/server';
import { walkMeCredential } from '../../../dev/walkme';
import { runNode, saveCredential } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const INTEGRATION_TOKEN = 'integration-token-0123456789abcdef';
const emulator = emulatorPerFile(new WalkMeEmulator());
beforeEach(() => emulator.addIntegration(INTEGRATION_TOKEN, 'email'));

const update = {
	resource: 'endUser',
	operation: 'updateAttributes',
	identifierName: 'email',
	identifier: '={{ $json.email }}',
	attributeSource: 'fields',
	attributeFields: 'plan, region',
};
let counter = 0;
async function updateAttributes(
	items: IDataObject[],
	parameters: IDataObject = {},
	extra: { continueOnFail?: boolean; token?: string; timezone?: string } = {},
) {
	return await runNode({
		nodeType: 'walkMeEndUser',
		credentials: {
			...walkMeCredential(emulator),
			...saveCredential(`end-user-${++counter}`, 'walkMeEndUserUpdateApi', {
				integrationToken: extra.token ?? INTEGRATION_TOKEN,
			}),
		},
		items,
		parameters: { ...update, ...parameters },
		continueOnFail: extra.continueOnFail,
		timezone: extra.timezone,
	});
}
const users = (count: number) =>
	Array.from({ length: count }, (_, index) => ({
		email: `user${index}@example.com`,
		plan: index % 2 ? 'enterprise' : 'team',
		region: 'EU',
	}));

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

describe('WalkMe End User refuses bad input before sending anything', () => {
	const OBJECT = { nested: true };
	const cases: Array<[string, IDataObject[], IDataObject, RegExp]> = [
		[
			'an empty identifier',
			[{ email: '', plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 0 is empty$/,
		],
		['a missing identifier', [{ plan: 'a', region: 'b' }], {}, /^Identifier in item 0 is empty$/],
		[
			'an object as identifier',
			[{ email: OBJECT, plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 0 must be text, found an object/,
		],
		[
			'the boolean true as identifier',
			[{ email: true, plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 0 must be text or a number, found the boolean true$/,
		],
		[
			'the boolean false as identifier',
			[{ email: false, plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 0 must be text or a number, found the boolean false$/,
		],
		[
			'a list as identifier',
			[{ email: ['a'], plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 0 must be text/,
		],
		[
			'an empty Identifier Field Name',
			[{ email: 'a@x', plan: 'a', region: 'b' }],
			{ identifierName: '={{ $json.none ?? "" }}' },
			/^Identifier Field Name in item 0 is empty$/,
		],
		[
			'an empty Fields',
			[{ email: 'a@x' }],
			{ attributeFields: '={{ $json.none ?? "" }}' },
			/^Fields in item 0 is empty$/,
		],
		[
			'Fields with an empty name',
			[{ email: 'a@x', plan: 'a' }],
			{ attributeFields: 'plan, ,region' },
			/^Fields in item 0 has an empty field name$/,
		],
		[
			'a field the item lacks',
			[{ email: 'a@x', plan: 'a' }],
			{ attributeFields: 'plan, tier' },
			/^Fields in item 0: the item has no field "tier"$/,
		],
		[
			'an object value',
			[{ email: 'a@x', plan: OBJECT, region: 'b' }],
			{},
			/^Attributes in item 0: the value of "plan" is an object; WalkMe takes text, numbers, booleans and dates$/,
		],
		[
			'a list value',
			[{ email: 'a@x', plan: ['a'], region: 'b' }],
			{},
			/^Attributes in item 0: the value of "plan" is a list/,
		],
		[
			'a list of objects',
			[{ email: 'a@x', plan: [OBJECT], region: 'b' }],
			{},
			/^Attributes in item 0: the value of "plan" is a list/,
		],
		[
			'an empty object',
			[{ email: 'a@x', plan: {}, region: 'b' }],
			{},
			/^Attributes in item 0: the value of "plan" is an object/,
		],
		[
			'an empty list',
			[{ email: 'a@x', plan: [], region: 'b' }],
			{},
			/^Attributes in item 0: the value of "plan" is a list/,
		],
		[
			'a nested field holding an object',
			[{ email: 'a@x', crm: { owner: OBJECT } }],
			{ attributeFields: 'crm.owner' },
			/^Attributes in item 0: the value of "crm.owner" is an object/,
		],
		[
			'NaN',
			[{ email: 'a@x', score: '={{ NaN }}' }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: 'score', value: '={{ 0/0 }}' }] },
			},
			/^Attributes in item 0: the value of "score" is NaN/,
		],
		[
			'Infinity',
			[{ email: 'a@x' }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: 'score', value: '={{ 1/0 }}' }] },
			},
			/^Attributes in item 0: the value of "score" is Infinity/,
		],
		[
			'an unparseable date',
			[{ email: 'a@x', plan: 'a', region: 'not a date' }],
			{ options: { dateAttributes: 'region' } },
			/^Attributes in item 0: "region" is not a date/,
		],
		[
			'an impossible date',
			[{ email: 'a@x', plan: 'a', region: '2026-02-30' }],
			{ options: { dateAttributes: 'region' } },
			/^Attributes in item 0: "region" is not a date/,
		],
		[
			'an object as a date',
			[{ email: 'a@x', plan: 'a', region: OBJECT }],
			{ options: { dateAttributes: 'region' } },
			/^Attributes in item 0: "region" is not a date: found an object/,
		],
		[
			'a boolean as a date',
			[{ email: 'a@x', plan: 'a', region: true }],
			{ options: { dateAttributes: 'region' } },
			/^Attributes in item 0: "region" is not a date: found a boolean/,
		],
		[
			'an attribute without a name',
			[{ email: 'a@x' }],
			{ attributeSource: 'keyValue', attributes: { attribute: [{ name: '', value: 'x' }] } },
			/^Attributes in item 0: an attribute has no name$/,
		],
		[
			'an attribute named with spaces only',
			[{ email: 'a@x' }],
			{ attributeSource: 'keyValue', attributes: { attribute: [{ name: '   ', value: 'x' }] } },
			/^Attributes in item 0: an attribute has no name$/,
		],
		[
			'an attribute given twice',
			[{ email: 'a@x' }],
			{
				attributeSource: 'keyValue',
				attributes: {
					attribute: [
						{ name: 'plan', value: 'x' },
						{ name: 'plan', value: 'y' },
					],
				},
			},
			/^Attributes in item 0: "plan" is given twice$/,
		],
		[
			'an attribute named as the identifier',
			[{ email: 'a@x' }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: 'email', value: 'other@x' }] },
			},
			/^Attributes in item 0: "email" is the Identifier Field Name; its value comes from Identifier$/,
		],
		[
			'an object as an attribute name',
			[{ email: 'a@x', n: OBJECT }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: '={{ $json.n }}', value: 'x' }] },
			},
			/^Attributes → Name in item 0 must be text, found an object/,
		],
		[
			'an unknown Attributes From',
			[{ email: 'a@x' }],
			{ attributeSource: 'everything' },
			/^Attributes From in item 0 must be allFields, fields or keyValue, not "everything"$/,
		],
		[
			'an object as Fields',
			[{ email: 'a@x', f: OBJECT }],
			{ attributeFields: '={{ $json.f }}' },
			/^Fields in item 0 must be text, found an object/,
		],
		[
			'an object as Date Attributes',
			[{ email: 'a@x', plan: 'a', region: 'b', d: OBJECT }],
			{ options: { dateAttributes: '={{ $json.d }}' } },
			/^Date Attributes in item 0 must be text, found an object/,
		],
		[
			'Requests in Parallel of 0',
			[{ email: 'a@x', plan: 'a', region: 'b' }],
			{ options: { requestsInParallel: 0 } },
			/^Requests in Parallel in item 0 must be a whole number from 1 to 20/,
		],
		[
			'Requests in Parallel of 21',
			[{ email: 'a@x', plan: 'a', region: 'b' }],
			{ options: { requestsInParallel: 21 } },
			/^Requests in Parallel in item 0 must be a whole number from 1 to 20/,
		],
		[
			'Requests in Parallel of 2.5',
			[{ email: 'a@x', plan: 'a', region: 'b' }],
			{ options: { requestsInParallel: 2.5 } },
			/^Requests in Parallel in item 0 must be a whole number from 1 to 20/,
		],
		[
			'a bad item among good ones',
			[...users(5), { email: 'x@x', plan: OBJECT, region: 'b' }],
			{},
			/^Attributes in item 5: the value of "plan" is an object/,
		],
		[
			'a bad item at the end of 250',
			[...users(249), { email: '', plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 249 is empty$/,
		],
		[
			'101 attribute names',
			[
				{
					email: 'a@x',
					...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`a${i}`, i])),
				},
			],
			{ attributeSource: 'allFields' },
			/^The items name 101 different attributes \(with the identifier "email"\); WalkMe keeps at most 100 per account$/,
		],
		[
			'101 names spread over items',
			Array.from({ length: 101 }, (_, i) => ({ email: `u${i}@x`, [`field${i}`]: i })),
			{ attributeSource: 'allFields' },
			/^The items name 102 different attributes/,
		],
		[
			'a function-like text is fine but an object from an expression is not',
			[{ email: 'a@x' }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: 'plan', value: '={{ { a: 1 } }}' }] },
			},
			/^Attributes in item 0: the value of "plan" is an object/,
		],
		[
			'a date list',
			[{ email: 'a@x', plan: 'a', region: ['2026-01-01'] }],
			{ options: { dateAttributes: 'region' } },
			/^Attributes in item 0: "region" is not a date: found a list/,
		],
		[
			'a nested path through a list',
			[{ email: 'a@x', crm: [{ plan: 'a' }] }],
			{ attributeFields: 'crm' },
			/^Attributes in item 0: the value of "crm" is a list/,
		],
		[
			'an identifier from a missing nested field',
			[{ crm: {} }],
			{ identifier: '={{ $json.crm.email }}', attributeSource: 'allFields' },
			/^Identifier in item 0 is empty$/,
		],
		[
			'a key-value pair holding a list from an expression',
			[{ email: 'a@x', tags: ['a', 'b'] }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: 'tags', value: '={{ $json.tags }}' }] },
			},
			/^Attributes in item 0: the value of "tags" is a list/,
		],
	];

	it('has 42 cases', () => expect(cases).toHaveLength(42));

	it.each(cases)('%s', async (_, items, parameters, message) => {
		const { error, output } = await updateAttributes(items, parameters);
		expect(error?.message).toMatch(message);
		expect(output).toEqual([]);
		expect(emulator.requests('userData')).toEqual([]);
		expect(emulator.endUsers.size).toBe(0);
	});

	it('with On Error → Continue, bad items become error items and the good ones are sent', async () => {
		const { output, error } = await updateAttributes(
			[users(1)[0], { email: 'x@x', plan: ['a'], region: 'b' }, users(3)[2]],
			{},
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect((emulator.requests('userData')[0].body as { data: unknown[] }).data).toHaveLength(2);
		expect(output.map((item) => [item.json.status ?? item.json.error, item.pairedItem])).toEqual([
			['accepted', [{ item: 0 }, { item: 2 }]],
			[expect.stringMatching(/^Attributes in item 1: the value of "plan" is a list/), { item: 1 }],
		]);
	});

	it('an empty integration token is refused before anything is sent', async () => {
		const { error } = await updateAttributes(users(2), {}, { token: '  ' });
		expect(error?.message).toBe('The WalkMe End User Update credential has no Integration Token');
		expect(emulator.log).toEqual([]);
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
