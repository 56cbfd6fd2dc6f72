import type { IDataObject } from 'n8n-workflow';

import { OpenDialogEmulator } from '../../../dev/emulator/openDialog';
import { emulatorPerFile } from '../../helpers/emulators';
import { byFields, customers, deepLinkRunner } from './common';

const emulator = emulatorPerFile(new OpenDialogEmulator());
const run = deepLinkRunner(emulator);

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
