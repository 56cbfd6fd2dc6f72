import type { IDataObject } from 'n8n-workflow';

import { OpenDialogEmulator } from '../../../dev/emulator/openDialog';
import { openDialogCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const emulator = emulatorPerFile(new OpenDialogEmulator());

const generate = { resource: 'deepLink', operation: 'generate', scenarioId: 'customer_support' };

function customers(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		id: `user_${index}`,
		name: `Customer ${index}`,
		email: `customer${index}@example.com`,
		account_type: index % 2 ? 'premium' : 'standard',
		visits: index,
	}));
}

async function run(
	parameters: IDataObject,
	items: IDataObject[],
	extra: { continueOnFail?: boolean; credentialOverrides?: Record<string, string> } = {},
) {
	return await runNode({
		nodeType: 'walkMeWebchatDeepLink',
		credentials: openDialogCredential(emulator, extra.credentialOverrides),
		items,
		parameters: { ...generate, ...parameters },
		continueOnFail: extra.continueOnFail,
	});
}

const byFields = {
	userId: '={{ $json.id }}',
	attributeSource: 'fields',
	attributeFields: 'name, email, account_type, visits',
};

/** OpenDialog's answer to a batch naming a scenario it does not have, injected into one batch. */
const UNKNOWN_SCENARIO = {
	status: 422,
	body: {
		message: 'The given data was invalid.',
		errors: { scenario_id: ['The selected scenario does not exist.'] },
	},
};

describe('WalkMe Webchat Deep Link generates links in bulk', () => {
	it('1,000 items at 100 per request: 10 requests, 1,000 items, each with the link issued for its own user', async () => {
		const items = customers(1000);
		const { output, error } = await run(byFields, items);
		expect(error).toBeUndefined();
		expect(emulator.requests('deepLink').map((request) => request.userCount)).toEqual(
			Array(10).fill(100),
		);
		expect(output).toHaveLength(1000);
		const issued = new Map(emulator.contexts.map((context) => [context.userId, context.url]));
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({
				...items[index],
				webchatUserId: `user_${index}`,
				webchatUrl: issued.get(`user_${index}`),
			});
		});
		expect(emulator.contexts[7]).toMatchObject({
			scenarioId: 'customer_support',
			attributes: {
				name: 'Customer 7',
				email: 'customer7@example.com',
				account_type: 'premium',
				visits: 7,
			},
		});
	});

	it('adapts to a workspace that takes 40 users: none lost or repeated, at most 2 rejected requests', async () => {
		emulator.maxUsers = 40;
		const { output, error } = await run(
			{ ...byFields, options: { usersPerRequest: 100 } },
			customers(1000),
		);
		expect(error).toBeUndefined();
		const requests = emulator.requests('deepLink');
		const rejected = requests.filter((request) => request.status === 422);
		const accepted = requests.filter((request) => request.status === 200);
		expect(rejected.length).toBeLessThanOrEqual(2);
		expect(Math.max(...accepted.map((request) => request.userCount ?? 0))).toBeLessThanOrEqual(40);
		expect(accepted.reduce((sum, request) => sum + (request.userCount ?? 0), 0)).toBe(1000);
		expect(new Set(emulator.contexts.map((context) => context.userId)).size).toBe(1000);
		expect(emulator.contexts).toHaveLength(1000);
		expect(output.map((item) => item.json.webchatUserId)).toEqual(
			customers(1000).map((customer) => customer.id),
		);
	});

	it('halves the batch when the workspace rejects its size without naming a limit', async () => {
		emulator.injectFault({
			pathIncludes: '/generate-webchat-deep-link',
			status: 422,
			body: {
				message: 'The given data was invalid.',
				errors: { dataset: ['Too many users in one request.'] },
			},
		});
		const { output, error } = await run(byFields, customers(10));
		expect(error).toBeUndefined();
		expect(
			emulator.requests('deepLink').map((request) => [request.status, request.userCount]),
		).toEqual([
			[422, 10],
			[200, 5],
			[200, 5],
		]);
		expect(output).toHaveLength(10);
	});

	it('halves the batch on a "too many users" answer that says so only in its message', async () => {
		emulator.injectFault({
			pathIncludes: '/generate-webchat-deep-link',
			status: 422,
			body: { message: 'Too Many Users' },
		});
		const { output, error } = await run(byFields, customers(10));
		expect(error).toBeUndefined();
		expect(
			emulator.requests('deepLink').map((request) => [request.status, request.userCount]),
		).toEqual([
			[422, 10],
			[200, 5],
			[200, 5],
		]);
		expect(output.map((item) => item.json.webchatUserId)).toEqual(
			customers(10).map((customer) => customer.id),
		);
	});

	it('uses the limit a "too many users" message names', async () => {
		emulator.injectFault({
			pathIncludes: '/generate-webchat-deep-link',
			status: 422,
			body: { message: 'Too many users: at most 3 users per request.' },
		});
		const { error } = await run(byFields, customers(7));
		expect(error).toBeUndefined();
		expect(
			emulator.requests('deepLink').map((request) => [request.status, request.userCount]),
		).toEqual([
			[422, 7],
			[200, 3],
			[200, 3],
			[200, 1],
		]);
	});

	it('lets OpenDialog generate the user ID when none is given, and outputs the one it used', async () => {
		const { output, error } = await run(
			{ attributeSource: 'fields', attributeFields: 'name' },
			customers(2),
		);
		expect(error).toBeUndefined();
		expect(emulator.requests('deepLink')[0].body).toEqual({
			scenario_id: 'customer_support',
			dataset: [{ attributes: { name: 'Customer 0' } }, { attributes: { name: 'Customer 1' } }],
		});
		expect(output[0].json.webchatUserId).toBe(emulator.contexts[0].userId);
		expect(output[0].json.webchatUserId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('sends attribute types as OpenDialog takes them', async () => {
		const { error } = await run(
			{ attributeSource: 'allFields', options: { listAttributes: 'interests' } },
			[
				{
					name: 'Ana',
					age: 41,
					tags: ['vip', 'beta'],
					scores: [1, 2],
					interests: 'shoes, bags ,',
					premium: true,
					phone: null,
				},
			],
		);
		expect(error).toBeUndefined();
		expect(
			(emulator.requests('deepLink')[0].body as { dataset: IDataObject[] }).dataset[0].attributes,
		).toStrictEqual({
			name: 'Ana',
			age: 41,
			tags: ['vip', 'beta'],
			scores: [1, 2],
			interests: ['shoes', 'bags'],
			premium: 'true',
		});
	});

	it('reads {{ $json.a.b }} as n8n does: the nested field of the current item, empty when absent', async () => {
		const { output, error } = await run(
			{
				userId: '={{ $json.contact.id }}',
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: 'tier', value: '={{ $json.contact.tier }}' }] },
			},
			[{ contact: { id: 'n-1', tier: 'gold' } }, { contact: { tier: 'silver' } }],
		);
		expect(error).toBeUndefined();
		expect((emulator.requests('deepLink')[0].body as { dataset: IDataObject[] }).dataset).toEqual([
			{ user_id: 'n-1', attributes: { tier: 'gold' } },
			{ attributes: { tier: 'silver' } },
		]);
		expect(output[1].json.webchatUserId).toBe(emulator.contexts[1].userId);
	});

	it('takes attributes from name/value pairs', async () => {
		const { error } = await run(
			{
				userId: '={{ $json.id }}',
				attributeSource: 'keyValue',
				attributes: {
					attribute: [
						{ name: 'support_tier', value: 'gold' },
						{ name: 'ticket', value: '={{ $json.visits }}' },
					],
				},
			},
			customers(1),
		);
		expect(error).toBeUndefined();
		expect(emulator.requests('deepLink')[0].body).toEqual({
			scenario_id: 'customer_support',
			dataset: [{ user_id: 'user_0', attributes: { support_tier: 'gold', ticket: 0 } }],
		});
	});

	it('can return one item holding all links', async () => {
		const { output, error } = await run(
			{ ...byFields, options: { outputMode: 'single' } },
			customers(3),
		);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({
			count: 3,
			requests: 1,
			links: emulator.contexts.map((context, itemIndex) => ({
				itemIndex,
				user_id: context.userId,
				url: context.url,
			})),
		});
	});

	it('writes the link and user ID under the fields chosen', async () => {
		const { output } = await run(
			{ ...byFields, options: { outputField: 'chatLink', userIdOutputField: 'chatUser' } },
			customers(1),
		);
		expect(output[0].json).toMatchObject({
			chatLink: emulator.contexts[0].url,
			chatUser: 'user_0',
		});
		expect(output[0].json.webchatUrl).toBeUndefined();
	});

	it('sends one request per scenario when items name different ones', async () => {
		const items = customers(4).map((customer, index) => ({
			...customer,
			scenario: index < 2 ? 'customer_support' : 'onboarding',
		}));
		const { error } = await run({ ...byFields, scenarioId: '={{ $json.scenario }}' }, items);
		expect(error).toBeUndefined();
		expect(
			emulator
				.requests('deepLink')
				.map((request) => (request.body as { scenario_id: string }).scenario_id),
		).toEqual(['customer_support', 'onboarding']);
	});
});

const badInputs: Array<[string, IDataObject, RegExp]> = [
	[
		'a nested-object attribute',
		{
			attributeSource: 'keyValue',
			attributes: {
				attribute: [
					{ name: 'address', value: '={{ $json.bad ? { "city": "Lisbon" } : "Lisbon" }}' },
				],
			},
		},
		/^Attributes in item 1: the value of "address" is a nested object; OpenDialog takes text, numbers and lists of them$/,
	],
	[
		'a list holding an object',
		{
			attributeSource: 'keyValue',
			attributes: {
				attribute: [{ name: 'orders', value: '={{ $json.bad ? [{ "id": 1 }] : [1] }}' }],
			},
		},
		/^Attributes in item 1: the entry 1 of the list of "orders" is a nested object/,
	],
	[
		'a list inside a list',
		{
			attributeSource: 'keyValue',
			attributes: { attribute: [{ name: 'grid', value: '={{ $json.bad ? [[1, 2]] : [1] }}' }] },
		},
		/^Attributes in item 1: the entry 1 of the list of "grid" is a list inside a list/,
	],
	[
		'an empty Scenario ID',
		{ scenarioId: '={{ $json.bad ? "" : "customer_support" }}', attributeSource: 'allFields' },
		/^Scenario ID in item 1 is empty$/,
	],
	[
		'a Scenario ID that is an object',
		{
			scenarioId: '={{ $json.bad ? { "id": 1 } : "customer_support" }}',
			attributeSource: 'allFields',
		},
		/^Scenario ID in item 1 must be text, found an object/,
	],
	[
		'a User ID that is an object',
		{ userId: '={{ $json.bad ? { "id": 1 } : "u" }}', attributeSource: 'allFields' },
		/^User ID in item 1 must be text, found an object/,
	],
	[
		'an empty attribute name',
		{
			attributeSource: 'keyValue',
			attributes: { attribute: [{ name: '={{ $json.bad ? "" : "tier" }}', value: 'gold' }] },
		},
		/^Attributes in item 1: an attribute has an empty name$/,
	],
	[
		'an unknown Attributes From',
		{ attributeSource: '={{ $json.bad ? "allField" : "allFields" }}', attributeFields: 'name' },
		/^Attributes From in item 1 must be allFields, fields or keyValue, not "allField"$/,
	],
	[
		'a repeated attribute name',
		{
			attributeSource: 'keyValue',
			attributes: {
				attribute: [
					{ name: 'tier', value: 'a' },
					{ name: '={{ $json.bad ? "tier" : "level" }}', value: 'b' },
				],
			},
		},
		/^Attributes in item 1: "tier" is given twice$/,
	],
	[
		'a field the item lacks',
		{ attributeSource: 'fields', attributeFields: '={{ $json.bad ? "nickname" : "name" }}' },
		/^Fields in item 1: the item has no field "nickname"$/,
	],
	[
		'a field holding an object (all fields)',
		{ attributeSource: 'allFields', userId: '={{ $json.name }}' },
		/^Attributes in item 1: the value of "extra" is a nested object/,
	],
];

describe('WalkMe Webchat Deep Link rejects bad input before sending anything', () => {
	it.each(badInputs)('%s', async (_, parameters, message) => {
		const items = [0, 1].map((index) =>
			index === 1 ? { bad: true, name: 'B', extra: { a: 1 } } : { bad: false, name: 'A' },
		);
		const { error, output } = await run(parameters, items);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(output).toEqual([]);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses an item field whose name is spaces only (all fields), sending nothing', async () => {
		const { error } = await run({ attributeSource: 'allFields' }, [
			{ name: 'A' },
			{ name: 'B', '  ': 'blank' },
		]);
		expect(error?.message).toBe(
			'Attributes in item 1: an attribute has a name of spaces only ("  ")',
		);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses an Output Field equal to the User ID Output Field, which would overwrite the link', async () => {
		const { error } = await run(
			{ ...byFields, options: { outputField: 'link', userIdOutputField: ' link ' } },
			customers(2),
		);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe(
			'Output Field and User ID Output Field in item 0 are both "link": the user ID would overwrite the link',
		);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses a credential with an empty API token, sending nothing', async () => {
		for (const apiToken of ['', '   ']) {
			const { error } = await run(byFields, customers(1), { credentialOverrides: { apiToken } });
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toBe('The OpenDialog credential has no API Token');
		}
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses a plain-http workspace URL that is not on this machine, sending nothing', async () => {
		const { error } = await run(byFields, customers(1), {
			credentialOverrides: { baseUrl: 'http://acme.cloud.opendialog.ai' },
		});
		expect(error?.message).toBe(
			"The OpenDialog credential's Workspace URL must start with https:// (got " +
				'"http://acme.cloud.opendialog.ai")',
		);
		expect(error?.description).toBe('plain http is allowed only for a workspace on this machine');
		expect(emulator.requests()).toHaveLength(0);
	});

	it('tolerates a workspace URL pasted with a trailing slash or /public/api', async () => {
		for (const suffix of ['/', '/public/api', '/public/api/']) {
			const { error } = await run(byFields, customers(1), {
				credentialOverrides: { baseUrl: `${emulator.baseUrl}${suffix}` },
			});
			expect(error).toBeUndefined();
		}
		expect(emulator.requests().map((request) => request.path)).toEqual(
			Array(3).fill('/public/api/generate-webchat-deep-link'),
		);
	});

	it('with continueOnFail, a bad item becomes an error item and the others get links', async () => {
		const { output, error } = await run(
			badInputs[0][1],
			[{ bad: false }, { bad: true }, { bad: false }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toMatch(badInputs[0][2]);
		expect(output[0].json.webchatUrl).toBe(emulator.contexts[0].url);
		expect(output[2].json.webchatUrl).toBe(emulator.contexts[1].url);
	});
});

describe('WalkMe Webchat Deep Link explains each documented error', () => {
	it('404: full-page webchat not enabled, and where to turn it on', async () => {
		emulator.fullPageEnabled = false;
		const { error } = await run(byFields, customers(1));
		expect(error?.message).toMatch(
			/^OpenDialog answered 404 to generate deep links for item 0: Fullpage webchat routes are not enabled\./,
		);
		expect(error?.description).toContain(
			"turn on the full-page webchat for the scenario's interface in OpenDialog",
		);
	});

	it('422: the validation errors, field by field', async () => {
		emulator.injectFault({
			pathIncludes: '/generate',
			status: 422,
			body: {
				message: 'The given data was invalid.',
				errors: { 'dataset.0.attributes': ['The attributes field is required.'] },
			},
		});
		const { error } = await run(byFields, customers(1));
		expect(error?.message).toBe('OpenDialog answered 422 to generate deep links for item 0');
		expect(error?.description).toContain(
			'OpenDialog said: The given data was invalid. dataset.0.attributes: The attributes field is required.',
		);
	});

	it('422: an unknown scenario', async () => {
		const { error } = await run({ ...byFields, scenarioId: 'no_such_scenario' }, customers(1));
		expect(error?.message).toBe('OpenDialog answered 422 to generate deep links for item 0');
		expect(error?.description).toContain(
			'OpenDialog said: The given data was invalid. scenario_id: The selected scenario does not exist.',
		);
		expect(error?.description).toContain('Check the Scenario ID');
	});

	it('401: a wrong API token, and where to get the right one', async () => {
		const { error } = await run(byFields, customers(1), {
			credentialOverrides: { apiToken: 'wrong-token' },
		});
		expect(error?.message).toMatch(
			/^OpenDialog answered 401 to generate deep links for item 0: Unauthenticated\./,
		);
		expect(error?.description).toContain('Identity & Security page');
		// n8n itself sends a request once more after any 401 (to refresh expiring credentials); a 401
		// creates nothing, so that is harmless.
		expect(emulator.requests('deepLink').map((request) => request.status)).toEqual([401, 401]);
		expect(emulator.contexts).toHaveLength(0);
	});

	it('500: not retried, and says contexts may have been created', async () => {
		emulator.injectFault({
			pathIncludes: '/generate',
			status: 500,
			body: { error: 'An error occurred while generating the deep link.' },
		});
		const { error } = await run(byFields, customers(1));
		expect(error?.message).toBe(
			'OpenDialog answered 500 to generate deep links for item 0; OpenDialog may have carried it out',
		);
		expect(error?.description).toMatch(
			/OpenDialog may have created the user contexts.*OpenDialog said: An error occurred while generating the deep link\./,
		);
		expect(emulator.requests('deepLink')).toHaveLength(1);
	});

	it('429: waits and sends again, creating each context once', async () => {
		emulator.injectFault({
			pathIncludes: '/generate',
			status: 429,
			headers: { 'Retry-After': '1' },
		});
		const { error, output } = await run(byFields, customers(3));
		expect(error).toBeUndefined();
		expect(emulator.requests('deepLink').map((request) => request.status)).toEqual([429, 200]);
		expect(emulator.contexts).toHaveLength(3);
		expect(output).toHaveLength(3);
	});
});

describe('a failed batch does not hide the batches that succeeded', () => {
	it('with continueOnFail: the failed batch becomes error items, every other item keeps its link', async () => {
		emulator.injectFault({
			pathIncludes: '/generate',
			after: 1,
			status: 500,
			body: { error: 'An error occurred while generating the deep link.' },
		});
		const { output, error } = await run(
			{ ...byFields, options: { usersPerRequest: 2 } },
			customers(6),
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4, 5].map((item) => ({ item })),
		);
		expect(output.map((item) => (item.json.error ? 'error' : 'link'))).toEqual([
			'link',
			'link',
			'error',
			'error',
			'link',
			'link',
		]);
		expect(output[2].json.details).toMatchObject({
			httpCode: '500',
			mayHaveCreatedUserContext: true,
		});
		expect(output[4].json.webchatUrl).toBe(
			emulator.contexts.find((context) => context.userId === 'user_4')?.url,
		);
	});

	it('without it: the error says which items got links, which failed, which were not sent', async () => {
		emulator.injectFault({
			pathIncludes: '/generate',
			after: 1,
			...UNKNOWN_SCENARIO,
		});
		const { error } = await run(
			{ ...byFields, options: { usersPerRequest: 2, requestsInParallel: 1 } },
			customers(6),
		);
		expect(error?.message).toBe('OpenDialog answered 422 to generate deep links for items 2–3');
		expect(error?.description).toMatch(
			new RegExp(
				'^Links were generated for item\\(s\\) 0–1 \\(2\\); item\\(s\\) 2–3 failed; item\\(s\\) 4–5 ' +
					'were not sent\\. With On Error → Continue, every item that got a link keeps it\\. ' +
					'OpenDialog said: The given data was invalid\\. scenario_id: The selected scenario does not exist\\.',
			),
		);
	});

	it('in parallel: the batches in flight with the failed one complete, and the error counts them', async () => {
		emulator.setLatency(30);
		emulator.injectFault({
			pathIncludes: '/generate',
			bodyIncludes: '"user_id":"user_2"',
			...UNKNOWN_SCENARIO,
		});
		const { error } = await run(
			{ ...byFields, options: { usersPerRequest: 2, requestsInParallel: 2 } },
			customers(10),
		);
		// Batch 0–1 settles the size; then 2–3 (fails) and 4–5 go together; 6–9 are not started.
		expect(error?.message).toBe('OpenDialog answered 422 to generate deep links for items 2–3');
		expect(error?.description).toContain(
			'Links were generated for item(s) 0–1, 4–5 (4); item(s) 2–3 failed; item(s) 6–9 ' +
				'were not sent. With On Error → Continue, every item that got a link keeps it. ' +
				'OpenDialog said: The given data was invalid. scenario_id: The selected scenario does not exist.',
		);
		expect(emulator.contexts.map((context) => context.userId)).toEqual([
			'user_0',
			'user_1',
			'user_4',
			'user_5',
		]);
	});

	it('an answer that gives two users the same link is an error quoting it, and no user gets that link', async () => {
		const shared = [
			{ user_id: 'user_0', url: 'https://acme.cloud.opendialog.ai/web-chat/s/same' },
			{ user_id: 'user_1', url: 'https://acme.cloud.opendialog.ai/web-chat/s/same' },
		];
		emulator.injectFault({ pathIncludes: '/generate', status: 200, body: shared });
		const { output } = await run(byFields, customers(2), { continueOnFail: true });
		const message =
			"OpenDialog's answer to generate deep links for items 0–1 (HTTP 200) does not match the users sent";
		expect(output.map((item) => [item.json.error, item.json.webchatUrl])).toEqual([
			[message, undefined],
			[message, undefined],
		]);
		expect((output[0].json.details as IDataObject).description).toBe(
			'It gives the same link to user "user_0" at position 1 and user "user_1" at position 2: ' +
				`${JSON.stringify(shared)}. OpenDialog may have created these users' contexts; their links ` +
				'could not be matched to the items, so none is given.',
		);
	});

	it('an answer that does not match the users sent gives no link at all', async () => {
		emulator.injectFault({
			pathIncludes: '/generate',
			status: 200,
			body: [{ user_id: 'user_0', url: 'https://x/s/1' }],
		});
		const { output } = await run(byFields, customers(2), { continueOnFail: true });
		const message =
			"OpenDialog's answer to generate deep links for items 0–1 (HTTP 200) does not match the users sent";
		expect(output.map((item) => item.json.error)).toEqual([message, message]);
		expect((output[1].json.details as IDataObject).description).toMatch(
			/^It holds 1 link\(s\) for 2 user\(s\): \[{"user_id":"user_0","url":"https:\/\/x\/s\/1"}\]\. /,
		);
	});
});

describe('WalkMe Webchat Deep Link sends batches in parallel, within a bound', () => {
	it(
		'settles the batch size with one request, then never has more ' +
			'in flight than Requests in Parallel; items keep their order',
		async () => {
			emulator.setLatency(40, 20);
			const { output, error } = await run(
				{ ...byFields, options: { usersPerRequest: 10, requestsInParallel: 3 } },
				customers(100),
			);
			expect(error).toBeUndefined();
			expect(emulator.maxInFlight).toBe(3);
			expect(emulator.requests('deepLink')).toHaveLength(10);
			expect(output.map((item) => [item.pairedItem, item.json.webchatUserId])).toEqual(
				customers(100).map((customer, index) => [{ item: index }, customer.id]),
			);
			expect(output.map((item) => item.json.webchatUrl)).toEqual(
				customers(100).map(
					(customer) => emulator.contexts.find((context) => context.userId === customer.id)?.url,
				),
			);
		},
	);

	it('learns a smaller limit from the first batch before going parallel: none lost or repeated', async () => {
		emulator.maxUsers = 40;
		emulator.setLatency(20);
		const { output, error } = await run(
			{ ...byFields, options: { usersPerRequest: 100 } },
			customers(400),
		);
		expect(error).toBeUndefined();
		expect(emulator.requests('deepLink').filter((request) => request.status === 422)).toHaveLength(
			1,
		);
		expect(emulator.contexts).toHaveLength(400);
		expect(new Set(emulator.contexts.map((context) => context.userId)).size).toBe(400);
		expect(output.map((item) => item.json.webchatUserId)).toEqual(
			customers(400).map((customer) => customer.id),
		);
	});

	it('one 429 holds every batch until its Retry-After; each context is created once', async () => {
		emulator.setLatency(30);
		emulator.injectFault({
			pathIncludes: '/generate',
			after: 2,
			status: 429,
			headers: { 'Retry-After': '1' },
		});
		const started = Date.now();
		const { error } = await run(
			{ ...byFields, options: { usersPerRequest: 5, requestsInParallel: 4 } },
			customers(60),
		);
		expect(error).toBeUndefined();
		const requests = emulator.requests('deepLink');
		const limited = requests.find((request) => request.status === 429) as { at: number };
		const heldBack = requests.filter(
			(request) => request.at > limited.at + 30 && request.at < limited.at + 1000,
		);
		expect(heldBack.length).toBeLessThanOrEqual(3);
		expect(Date.now() - started).toBeLessThan(2500);
		expect(emulator.contexts).toHaveLength(60);
		expect(new Set(emulator.contexts.map((context) => context.userId)).size).toBe(60);
	});

	it('a 502 after OpenDialog acted on one batch in flight is not repeated, while the others complete', async () => {
		emulator.setLatency(30);
		emulator.injectFault({
			pathIncludes: '/generate',
			bodyIncludes: '"user_id":"user_10"',
			status: 502,
			afterHandling: true,
		});
		const { output, error } = await run(
			{ ...byFields, options: { usersPerRequest: 5, requestsInParallel: 4 } },
			customers(30),
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		const withUser10 = emulator
			.requests('deepLink')
			.filter((request) => JSON.stringify(request.body).includes('"user_id":"user_10"'));
		expect(withUser10.map((request) => request.status)).toEqual([502]);
		expect(emulator.contexts).toHaveLength(30);
		expect(
			output
				.map((item, index) => (item.json.error ? index : null))
				.filter((index) => index !== null),
		).toEqual([10, 11, 12, 13, 14]);
		expect(output[10].json.details).toMatchObject({ mayHaveCreatedUserContext: true });
	});
});
