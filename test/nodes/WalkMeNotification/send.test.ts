import type { IDataObject } from 'n8n-workflow';

import { WalkMeEmulator } from '../../../dev/emulator/server';
import { emulatorPerFile } from '../../helpers/emulators';
import { AUDIENCE, OTHER_SYSTEM, SYSTEM, TEMPLATE, notificationSender } from './common';

const emulator = emulatorPerFile(new WalkMeEmulator());
const sendNotification = notificationSender(emulator);

describe('WalkMe Notification sends what WalkMe documents', () => {
	it("reproduces WalkMe's real-data example exactly, through the node's fields", async () => {
		const { output, error } = await sendNotification({
			systemId: SYSTEM,
			templateId: TEMPLATE,
			endUsersIds: 'name@email.com',
			runtimeTitle: 'API Test 3',
			notificationType: 'push',
			overrides: { override: [{ key: '###URL###', value: 'www.someurl.com' }] },
		});
		expect(error).toBeUndefined();
		const received = emulator.requests('notifications');
		expect(received).toHaveLength(1);
		expect(received[0].method).toBe('POST');
		expect(received[0].body).toStrictEqual({
			notification: {
				systemId: 'bcf4c7f5682b4aa6875a0fc9bdfa21ca',
				templateId: '1e5afe51-2d2a-4b22-a60a-cf2d6c01d726',
				endUsersIds: ['name@email.com'],
				runtimeTitle: 'API Test 3',
				notificationType: 'Push',
				override: [{ key: 'URL', value: 'www.someurl.com' }],
			},
		});
		expect(emulator.notifications).toHaveLength(1);
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toMatchObject({
			templateId: TEMPLATE,
			notificationType: 'Push',
			runtimeTitle: 'API Test 3',
			systemIds: [SYSTEM],
			endUsers: 1,
			requests: 1,
			deliveries: [
				{
					systemId: SYSTEM,
					status: 'delivered',
					statusCode: 200,
					endUsers: 1,
					response: { notificationId: emulator.notifications[0].id },
				},
			],
		});
	});

	it('accepts the system as 8-4-4-4-12 or as the snippet URL, and sends the 32 hex digits', async () => {
		const { error } = await sendNotification({
			systemId:
				'BCF4C7F5-682B-4AA6-875A-0FC9BDFA21CA, https://cdn.walkme.com/users/0a1b2c3d4e5f40718293a4b5c6d7e8f9/test/walkme_0a1b.js',
			templateId: TEMPLATE,
			audiencesIds: AUDIENCE,
		});
		expect(error).toBeUndefined();
		expect(
			emulator
				.requests('notifications')
				.map((r) => (r.body as { notification: IDataObject }).notification.systemId),
		).toEqual([SYSTEM, OTHER_SYSTEM]);
	});

	it('sends one notification per item, each with its own overrides, paired to its item', async () => {
		const leads = [
			{ owner: 'ana@crm.example', opportunity: 'Acme renewal', link: 'https://crm.example/lead/1' },
			{ owner: 'li@crm.example', opportunity: 'Globex upsell', link: 'https://crm.example/lead/2' },
			{
				owner: 'zoe@crm.example',
				opportunity: 'Initech pilot',
				link: 'https://crm.example/lead/3',
			},
		];
		const { output, error } = await sendNotification(
			{
				templateId: TEMPLATE,
				endUsersIds: '={{ $json.owner }}',
				runtimeTitle: '=New lead: {{ $json.opportunity }}',
				overrides: {
					override: [
						{ key: 'OPP_NAME_ATTRIBUTE', value: '={{ $json.opportunity }}' },
						{ key: '###URL###', value: '={{ $json.link }}' },
					],
				},
			},
			leads,
		);
		expect(error).toBeUndefined();
		const sent = emulator
			.requests('notifications')
			.map((r) => (r.body as { notification: IDataObject }).notification);
		expect(sent).toEqual(
			leads.map((lead) => ({
				templateId: TEMPLATE,
				endUsersIds: [lead.owner],
				notificationType: 'Push',
				runtimeTitle: `New lead: ${lead.opportunity}`,
				override: [
					{ key: 'OPP_NAME_ATTRIBUTE', value: lead.opportunity },
					{ key: 'URL', value: lead.link },
				],
			})),
		);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output.map((item) => (item.json.deliveries as IDataObject[])[0].status)).toEqual([
			'delivered',
			'delivered',
			'delivered',
		]);
	});

	it('sends one notification to the users of all items: 10,000 items, 9,000 distinct IDs, one request', async () => {
		const items = Array.from({ length: 10000 }, (_, index) => ({
			email: ` user${index % 9000}@example.com `,
		}));
		const { output, error } = await sendNotification(
			{
				sendMode: 'allItems',
				endUserIdField: 'email',
				templateId: TEMPLATE,
				audiencesIds: AUDIENCE,
			},
			items,
		);
		expect(error).toBeUndefined();
		const received = emulator.requests('notifications');
		expect(received).toHaveLength(1);
		const notification = (
			received[0].body as { notification: { endUsersIds: string[]; audiencesIds: string[] } }
		).notification;
		expect(notification.endUsersIds).toHaveLength(9000);
		expect(notification.endUsersIds[0]).toBe('user0@example.com');
		expect(notification.audiencesIds).toEqual([AUDIENCE]);
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toHaveLength(10000);
		expect(output[0].json).toMatchObject({
			endUsers: 9000,
			endUsersReceived: 10000,
			duplicatesRemoved: 1000,
			requests: 1,
		});
	});

	it('splits the users into requests of a set size, sending the audience only once', async () => {
		const items = Array.from({ length: 10000 }, (_, index) => ({
			email: `user${index % 9000}@example.com`,
		}));
		const { output, error } = await sendNotification(
			{
				sendMode: 'allItems',
				endUserIdField: 'email',
				templateId: TEMPLATE,
				audiencesIds: AUDIENCE,
				options: { recipientsPerRequest: 4000 },
			},
			items,
		);
		expect(error).toBeUndefined();
		const sent = emulator
			.requests('notifications')
			.map(
				(r) =>
					(r.body as { notification: { endUsersIds: string[]; audiencesIds?: string[] } })
						.notification,
			);
		expect(sent.map((n) => n.endUsersIds.length)).toEqual([4000, 4000, 1000]);
		expect(sent.map((n) => n.audiencesIds)).toEqual([[AUDIENCE], undefined, undefined]);
		expect(new Set(sent.flatMap((n) => n.endUsersIds)).size).toBe(9000);
		expect(output[0].json.requests).toBe(3);
	});

	it('makes one call per Workstation system and reports each answer', async () => {
		const { output, error } = await sendNotification({
			systemId: `${SYSTEM}\n${OTHER_SYSTEM}`,
			templateId: TEMPLATE,
			endUsersIds: 'a@x.com',
		});
		expect(error).toBeUndefined();
		expect(emulator.requests('notifications')).toHaveLength(2);
		const deliveries = output[0].json.deliveries as IDataObject[];
		expect(
			deliveries.map((d) => [d.systemId, d.status, (d.response as IDataObject).notificationId]),
		).toEqual([
			[SYSTEM, 'delivered', emulator.notifications[0].id],
			[OTHER_SYSTEM, 'delivered', emulator.notifications[1].id],
		]);
	});
});

describe('WalkMe Notification dates', () => {
	it("reads a date without a zone in the workflow's time zone and sends UTC", async () => {
		const { output, error } = await sendNotification(
			{
				templateId: TEMPLATE,
				endUsersIds: 'a@x.com',
				startAt: '2030-12-01T09:30:00',
				endAt: '2030-12-08',
			},
			[{}],
			{ timezone: 'Europe/Berlin' },
		);
		expect(error).toBeUndefined();
		expect(emulator.requests('notifications')[0].body).toMatchObject({
			notification: { startAt: '2030-12-01 08:30', endAt: '2030-12-07 23:00' },
		});
		expect(output[0].json).toMatchObject({
			startAt: '2030-12-01 08:30',
			endAt: '2030-12-07 23:00',
		});
	});

	it.each([
		['an ISO string with a zone', '2026-12-01T09:30:00-05:00', '2026-12-01 14:30'],
		['YYYY-MM-DD hh:mm (workflow zone)', '2026-12-01 09:30', '2026-12-01 08:30'],
		['epoch milliseconds', '={{ 1796117400000 }}', '2026-12-01 09:30'],
		['epoch milliseconds as digits', '1796117400000', '2026-12-01 09:30'],
		[
			'a Luxon DateTime from an expression',
			"={{ DateTime.fromISO('2026-12-01T09:30:00', { zone: 'America/New_York' }) }}",
			'2026-12-01 14:30',
		],
		[
			'a JS Date from an expression',
			'={{ new Date(Date.UTC(2026, 11, 1, 9, 30)) }}',
			'2026-12-01 09:30',
		],
	])('accepts %s', async (_, startAt, sent) => {
		const { error } = await sendNotification(
			{ templateId: TEMPLATE, endUsersIds: 'a@x.com', startAt, endAt: '2030-01-31' },
			[{}],
			{ timezone: 'Europe/Berlin' },
		);
		expect(error).toBeUndefined();
		expect(
			(emulator.requests('notifications')[0].body as { notification: IDataObject }).notification
				.startAt,
		).toBe(sent);
	});
});
