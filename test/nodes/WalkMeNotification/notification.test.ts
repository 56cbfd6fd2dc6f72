import type { IDataObject } from 'n8n-workflow';

import { Fault, WalkMeEmulator } from '../../../dev/emulator/server';
import { startEmulator, walkMeCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const emulator = emulatorPerFile(new WalkMeEmulator());

const TEMPLATE = '1e5afe51-2d2a-4b22-a60a-cf2d6c01d726';
const AUDIENCE = 'cf0bd4c1-86fd-4c79-a46a-c730d6789e63';
const SYSTEM = 'bcf4c7f5682b4aa6875a0fc9bdfa21ca';
const OTHER_SYSTEM = '0a1b2c3d4e5f40718293a4b5c6d7e8f9';
const send = { resource: 'notification', operation: 'send' };

async function sendNotification(
	parameters: IDataObject,
	items: IDataObject[] = [{}],
	extra: { continueOnFail?: boolean; timezone?: string } = {},
) {
	return await runNode({
		nodeType: 'walkMeNotification',
		credentials: walkMeCredential(emulator),
		items,
		parameters: { ...send, ...parameters },
		...extra,
	});
}

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

// Each case fails on item 1 of three; nothing at all may be sent, not even item 0's notification.
const good = { templateId: TEMPLATE, endUsersIds: 'a@x.com' };
const badInputs: Array<[string, IDataObject, RegExp]> = [
	[
		'no recipients',
		{ templateId: TEMPLATE, endUsersIds: '={{ $json.bad ? " , " : "a@x.com" }}' },
		/^No recipients: End User IDs and Audience IDs in item 1 are both empty$/,
	],
	[
		'a template that is not a GUID',
		{ ...good, templateId: '={{ $json.bad ? "welcome-template" : "' + TEMPLATE + '" }}' },
		/^Template ID in item 1 is not a template GUID: "welcome-template"$/,
	],
	[
		'an empty template',
		{ ...good, templateId: '={{ $json.bad ? "" : "' + TEMPLATE + '" }}' },
		/^Template ID in item 1 is empty$/,
	],
	[
		'an audience that is not a GUID',
		{ ...good, audiencesIds: '={{ $json.bad ? "sales-team" : "' + AUDIENCE + '" }}' },
		/^Audience IDs in item 1: "sales-team" is not an audience GUID$/,
	],
	[
		'End At before Start At',
		{
			...good,
			startAt: '2030-12-02 10:00',
			endAt: '={{ $json.bad ? "2030-12-01 10:00" : "2030-12-03 10:00" }}',
		},
		/^End At in item 1 \(2030-12-01 15:00 UTC\) must be after Start At \(2030-12-02 15:00 UTC\)$/,
	],
	[
		'End At equal to Start At',
		{
			...good,
			startAt: '2030-12-02 10:00',
			endAt: '={{ $json.bad ? "2030-12-02 10:00:30" : "2030-12-03 10:00" }}',
		},
		/^End At in item 1 .* must be after Start At/,
	],
	[
		'an unparseable date',
		{ ...good, startAt: '={{ $json.bad ? "next Tuesday" : "2030-12-02 10:00" }}' },
		/^Start At in item 1 is not a date: "next Tuesday"/,
	],
	[
		'an impossible date',
		{ ...good, startAt: '={{ $json.bad ? "2026-02-30 10:00" : "2030-12-02 10:00" }}' },
		/^Start At in item 1 is not a date/,
	],
	[
		'an object as a date',
		{ ...good, endAt: '={{ $json.bad ? { "when": "soon" } : "2030-12-02 10:00" }}' },
		/^End At in item 1 is not a date: found an object/,
	],
	[
		'an empty override key',
		{ ...good, overrides: { override: [{ key: '={{ $json.bad ? "" : "URL" }}', value: 'x' }] } },
		/^Overrides in item 1: override 1 has an empty key$/,
	],
	[
		'a key of only #',
		{
			...good,
			overrides: { override: [{ key: '={{ $json.bad ? "######" : "URL" }}', value: 'x' }] },
		},
		/^Overrides in item 1: override 1 has an empty key$/,
	],
	[
		'an override key with # inside',
		{
			...good,
			overrides: { override: [{ key: '={{ $json.bad ? "OPP###NAME" : "URL" }}', value: 'x' }] },
		},
		/^Overrides in item 1: the key "OPP###NAME" has # inside, so it can never match a placeholder$/,
	],
	[
		'an override key of placeholders run together',
		{
			...good,
			overrides: { override: [{ key: '={{ $json.bad ? "###URL###X###" : "URL" }}', value: 'x' }] },
		},
		/^Overrides in item 1: the key "URL###X" has # inside, so it can never match a placeholder$/,
	],
	[
		'a window entirely in the past',
		{
			...good,
			startAt: '2001-01-01 10:00',
			endAt: '={{ $json.bad ? "2001-01-02 10:00" : "2030-01-02 10:00" }}',
		},
		/^End At in item 1 \(2001-01-02 \d\d:00 UTC\) is not in the future: the notification's whole window has passed$/,
	],
	[
		'a repeated override key',
		{
			...good,
			overrides: {
				override: [
					{ key: 'URL', value: 'a' },
					{ key: '={{ $json.bad ? "###URL###" : "NAME" }}', value: 'b' },
				],
			},
		},
		/^Overrides in item 1: the key "URL" is given twice$/,
	],
	[
		'an object as an override value',
		{
			...good,
			overrides: { override: [{ key: 'URL', value: '={{ $json.bad ? { "href": "x" } : "x" }}' }] },
		},
		/^Overrides → Value of "URL" in item 1 must be text, found an object/,
	],
	[
		'an unknown type',
		{ ...good, notificationType: '={{ $json.bad ? "banner" : "push" }}' },
		/^Notification Type in item 1 must be push or popup, not "banner"$/,
	],
	[
		'an object as a recipient',
		{ templateId: TEMPLATE, endUsersIds: '={{ $json.bad ? [{ "id": 7 }] : "a@x.com" }}' },
		/^End User IDs in item 1: A user ID list may hold only strings or numbers, found an object$/,
	],
	[
		'an object as the title',
		{ ...good, runtimeTitle: '={{ $json.bad ? { "t": 1 } : "Hi" }}' },
		/^Runtime Title in item 1 must be text, found an object/,
	],
	[
		'a system ID that is not one',
		{ ...good, systemId: '={{ $json.bad ? "production" : "' + SYSTEM + '" }}' },
		/^System ID in item 1 is not a Workstation system ID: "production"$/,
	],
	[
		'a list holding an object as audiences',
		{ ...good, audiencesIds: '={{ $json.bad ? [{ "id": "' + AUDIENCE + '" }] : [] }}' },
		/^Audience IDs \(a list entry\) in item 1 must be text, found an object/,
	],
	[
		'a batch size of 0',
		{ ...good, options: { recipientsPerRequest: '={{ $json.bad ? 0 : 10 }}' } },
		/^End Users per Request in item 1 must be a whole number 1 or more, found the number 0$/,
	],
];

describe('WalkMe Notification rejects bad input before sending anything', () => {
	it.each(badInputs)('%s', async (_, parameters, message) => {
		const { error, output } = await sendNotification(
			parameters,
			[0, 1, 2].map((index) => ({ bad: index === 1 })),
		);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(output).toEqual([]);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses a Send mode it does not know (from an expression) instead of sending per item', async () => {
		const { error, output } = await sendNotification({ ...good, sendMode: '={{ "allItem" }}' }, [
			{},
			{},
		]);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('Send in item 0 must be perItem or allItems, not "allItem"');
		expect(output).toEqual([]);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('with continueOnFail, the bad item becomes an error item and the others are sent', async () => {
		const { output, error } = await sendNotification(
			badInputs[0][1],
			[0, 1, 2].map((index) => ({ bad: index === 1 })),
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toMatch(badInputs[0][2]);
		expect(emulator.notifications).toHaveLength(2);
	});
});

describe('WalkMe Notification never sends twice', () => {
	const parameters = { templateId: TEMPLATE, endUsersIds: 'a@x.com' };

	it('waits out a 429 and delivers once', async () => {
		emulator.injectFault({
			pathIncludes: '/notifications/',
			status: 429,
			headers: { 'Retry-After': '1' },
		});
		const started = Date.now();
		const { output, error } = await sendNotification(parameters);
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(emulator.requests('notifications').map((r) => r.status)).toEqual([429, 200]);
		expect(emulator.notifications).toHaveLength(1);
		expect((output[0].json.deliveries as IDataObject[])[0]).toMatchObject({
			status: 'delivered',
			attempts: 2,
		});
	});

	it('retries a 503, which WalkMe answers without acting', async () => {
		emulator.injectFault({ pathIncludes: '/notifications/', status: 503, times: 2 });
		const { error } = await sendNotification(parameters);
		expect(error).toBeUndefined();
		expect(emulator.requests('notifications')).toHaveLength(3);
		expect(emulator.notifications).toHaveLength(1);
	});

	it.each<[string, Fault]>([
		['a 502', { status: 502 }],
		['a 504', { status: 504 }],
		['a 502 after WalkMe acted', { status: 502, afterHandling: true }],
		['a reset connection', { reset: true }],
		['a reset connection after WalkMe acted', { reset: true, afterHandling: true }],
	])('does not retry %s, and says it may have been delivered', async (_, fault) => {
		emulator.injectFault({ pathIncludes: '/notifications/', times: 5, ...fault });
		const { error } = await sendNotification(parameters);
		expect(emulator.requests('notifications')).toHaveLength(1);
		expect(error?.message).toMatch(/; (WalkMe|it) may have carried it out$/);
		expect(error?.description).toMatch(
			/^WalkMe may have delivered this notification: check the Communication Center's notification list before sending it again\./,
		);
		// At most the one delivery the server may have made: never a second.
		expect(emulator.notifications.length).toBe(fault.afterHandling ? 1 : 0);
	});

	it('does not retry a timeout, and says it may have been delivered', async () => {
		emulator.injectFault({ pathIncludes: '/notifications/', delayMs: 1500 });
		const { error, output } = await sendNotification(
			{ ...parameters, options: { timeout: 300 } },
			[{}],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(output[0].json.error).toBe(
			'WalkMe did not answer the request to send the notification; it may have carried it out',
		);
		expect((output[0].json.details as IDataObject).description).toMatch(
			/^WalkMe may have delivered this notification: [^.]*\. [^.]*timeout/i,
		);
		expect((output[0].json.details as IDataObject).deliveries).toEqual([
			expect.objectContaining({ status: 'may have been delivered' }),
		]);
		await new Promise((resolve) => setTimeout(resolve, 1600));
		expect(emulator.requests('notifications')).toHaveLength(1);
		expect(emulator.notifications).toHaveLength(1);
	});

	it('retries a refused connection (nothing was sent), then says WalkMe could not be reached', async () => {
		const closed = await startEmulator();
		await closed.stop();
		const { error } = await runNode({
			nodeType: 'walkMeNotification',
			credentials: walkMeCredential(emulator, { baseUrl: closed.baseUrl }),
			parameters: { ...send, ...parameters },
		});
		expect(error?.message).toBe(
			"WalkMe's token endpoint could not be reached (the connection was refused)",
		);
		expect(error?.description).toMatch(
			/^Check the region \(or the Base URL\) of the credential: http:\/\/127\.0\.0\.1:\d+\/accounts\/connect\/token\./,
		);
		expect(`${error?.message} ${error?.description}`).not.toContain('may have');
	});

	it('reports the delivered, failed and unsent systems of a job that fails part-way (one request at a time)', async () => {
		emulator.injectFault({
			pathIncludes: '/notifications/',
			after: 1,
			status: 400,
			body: { message: 'Template is archived' },
		});
		const { output, error } = await sendNotification(
			{
				...parameters,
				systemId: `${SYSTEM}, ${OTHER_SYSTEM}, 11111111222233334444555555555555`,
				options: { requestsInParallel: 1 },
			},
			[{}],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(output[0].json.error).toBe(
			`WalkMe answered 400 to send the notification to system ${OTHER_SYSTEM}: Template is archived`,
		);
		expect((output[0].json.details as IDataObject).description).toMatch(
			new RegExp(
				`^Delivered: system ${SYSTEM}, 1 end user\\(s\\)\\. Not sent: system 11111111222233334444555555555555, 1 end user\\(s\\)\\. `,
			),
		);
		expect(
			((output[0].json.details as IDataObject).deliveries as IDataObject[]).map((d) => d.status),
		).toEqual(['delivered', 'failed', 'not sent']);
		expect(emulator.notifications).toHaveLength(1);
	});

	it('sends to several systems at once; one that fails leaves the others delivered, and says so', async () => {
		emulator.injectFault({
			pathIncludes: '/notifications/',
			bodyIncludes: OTHER_SYSTEM,
			status: 400,
			body: { message: 'Template is archived' },
		});
		emulator.setLatency(50);
		const { output, error } = await sendNotification(
			{ ...parameters, systemId: `${SYSTEM}, ${OTHER_SYSTEM}, 11111111222233334444555555555555` },
			[{}],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(emulator.maxInFlight).toBe(3);
		expect(output[0].json.error).toBe(
			`WalkMe answered 400 to send the notification to system ${OTHER_SYSTEM}: Template is archived`,
		);
		expect((output[0].json.details as IDataObject).description).toMatch(
			new RegExp(
				`^Delivered: system ${SYSTEM}, 1 end user\\(s\\); system 11111111222233334444555555555555, 1 end user\\(s\\)\\. `,
			),
		);
		expect(
			((output[0].json.details as IDataObject).deliveries as IDataObject[]).map((d) => d.status),
		).toEqual(['delivered', 'failed', 'delivered']);
		expect(emulator.notifications).toHaveLength(2);
	});
});

describe('WalkMe API keys with one API turned on', () => {
	it('a Notifications-only key used by the Segment node names the API to turn on', async () => {
		emulator.addApiKey('notify-only', 'notify-secret', ['notifications:write']);
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator, {
				clientId: 'notify-only',
				clientSecret: 'notify-secret',
			}),
			parameters: {
				resource: 'segment',
				operation: 'getAll',
				systemGuid: '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9',
				returnAll: true,
			},
		});
		expect(error?.message).toMatch(/^WalkMe answered 403 to list the segments of the system/);
		expect(error?.description).toContain('turn on Segments API (Write and Read)');
		expect(error?.description).toContain('Admin Center → API Keys');
	});

	it('a Segments-only key used by the Notification node names the Notifications API', async () => {
		emulator.addApiKey('segments-only', 'segments-secret', ['segments:read', 'segments:write']);
		const { error } = await runNode({
			nodeType: 'walkMeNotification',
			credentials: walkMeCredential(emulator, {
				clientId: 'segments-only',
				clientSecret: 'segments-secret',
			}),
			parameters: { ...send, templateId: TEMPLATE, endUsersIds: 'a@x.com' },
		});
		expect(error?.message).toMatch(/^WalkMe answered 403 to send the notification/);
		expect(error?.message).not.toContain('may have delivered');
		expect(error?.description).toContain('turn on Notifications API (Write)');
		expect(emulator.notifications).toHaveLength(0);
	});
});

describe('WalkMe Notification sends independent notifications in parallel, within a bound', () => {
	const perItem = {
		templateId: TEMPLATE,
		endUsersIds: '={{ $json.user }}',
		runtimeTitle: '={{ $json.title }}',
	};
	const users = (count: number) =>
		Array.from({ length: count }, (_, index) => ({
			user: `user${index}@example.com`,
			title: `Hello ${index}`,
		}));

	it('never has more requests in flight than Requests in Parallel, and keeps the output in input order', async () => {
		emulator.setLatency(40, 20);
		const { output, error } = await sendNotification(
			{ ...perItem, options: { requestsInParallel: 4 } },
			users(20),
		);
		expect(error).toBeUndefined();
		expect(emulator.maxInFlight).toBe(4);
		expect(emulator.notifications).toHaveLength(20);
		expect(output.map((item) => [item.pairedItem, item.json.runtimeTitle])).toEqual(
			users(20).map((user, index) => [{ item: index }, user.title]),
		);
		expect(
			output.map(
				(item) =>
					((item.json.deliveries as IDataObject[])[0].notification as IDataObject).endUsersIds,
			),
		).toEqual(users(20).map((user) => [user.user]));
	});

	it.each([
		[0, 'the number 0'],
		[21, 'the number 21'],
		[2.5, 'the number 2.5'],
	])('refuses Requests in Parallel of %s before sending anything', async (value, found) => {
		const { error } = await sendNotification(
			{ ...perItem, options: { requestsInParallel: value } },
			users(2),
		);
		expect(error?.message).toBe(
			`Requests in Parallel in item 0 must be a whole number from 1 to 20, found ${found}`,
		);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('sends one at a time with Requests in Parallel 1', async () => {
		emulator.setLatency(20);
		const { error } = await sendNotification(
			{ ...perItem, options: { requestsInParallel: 1 } },
			users(6),
		);
		expect(error).toBeUndefined();
		expect(emulator.maxInFlight).toBe(1);
	});

	it('one 429 holds every request until its Retry-After, once for all, and each notification is delivered once', async () => {
		emulator.setLatency(30);
		emulator.injectFault({
			pathIncludes: '/notifications/',
			after: 2,
			status: 429,
			headers: { 'Retry-After': '1' },
		});
		const started = Date.now();
		const { error } = await sendNotification(
			{ ...perItem, options: { requestsInParallel: 5 } },
			users(15),
		);
		expect(error).toBeUndefined();
		const requests = emulator.requests('notifications');
		const limited = requests.find((request) => request.status === 429) as { at: number };
		// After the 429 came back (30 ms after it arrived), nothing new went out until its Retry-After had
		// passed, but for requests already on their way (at most one per other request in flight).
		const answeredAt = limited.at + 30;
		const heldBack = requests.filter(
			(request) => request.at > answeredAt && request.at < limited.at + 1000,
		);
		expect(heldBack.length).toBeLessThanOrEqual(4);
		const resumed = requests.filter((request) => request.at >= limited.at + 1000);
		expect(resumed.length).toBeGreaterThanOrEqual(15 + 1 - 5 - heldBack.length);
		// Once for all: the whole run took about one Retry-After, not one per request held.
		expect(Date.now() - started).toBeLessThan(2500);
		expect(requests.filter((request) => request.status === 429)).toHaveLength(1);
		expect(emulator.notifications).toHaveLength(15);
		expect(
			new Set(emulator.notifications.map((notification) => JSON.stringify(notification))).size,
		).toBe(15);
	});

	it('a 502 after WalkMe acted on one request in flight is not repeated, while the others complete', async () => {
		emulator.setLatency(30);
		emulator.injectFault({
			pathIncludes: '/notifications/',
			bodyIncludes: 'user3@example.com',
			status: 502,
			afterHandling: true,
		});
		const { output, error } = await sendNotification(
			{ ...perItem, options: { requestsInParallel: 4 } },
			users(8),
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		const toUser3 = emulator
			.requests('notifications')
			.filter((request) => JSON.stringify(request.body).includes('user3@example.com'));
		expect(toUser3.map((request) => request.status)).toEqual([502]);
		expect(emulator.notifications).toHaveLength(8);
		expect(output.map((item) => (item.json.error ? 'error' : 'delivered'))).toEqual([
			'delivered',
			'delivered',
			'delivered',
			'error',
			'delivered',
			'delivered',
			'delivered',
			'delivered',
		]);
		expect(output[3].json.error).toMatch(/WalkMe may have carried it out$/);
		expect((output[3].json.details as IDataObject).description).toMatch(
			/^WalkMe may have delivered this notification/,
		);
	});

	it(
		'without continueOnFail, a failure stops new notifications and ' +
			'the error says which items were done and which were not started',
		async () => {
			emulator.setLatency(30);
			emulator.injectFault({
				pathIncludes: '/notifications/',
				bodyIncludes: 'user2@example.com',
				status: 400,
				body: { message: 'Template is archived' },
			});
			const { error } = await sendNotification(
				{ ...perItem, options: { requestsInParallel: 2 } },
				users(8),
			);
			expect(error?.message).toBe(
				'WalkMe answered 400 to send the notification: Template is archived',
			);
			const report =
				/^Other items: item\(s\) ([\d–, ]+) done; item\(s\) ([\d–, ]+) not started\. /.exec(
					error?.description ?? '',
				);
			expect(report).not.toBeNull();
			const count = (ranges: string) =>
				ranges.split(', ').reduce((sum, range) => {
					const [first, last] = range.split('–').map(Number);
					return sum + (last === undefined ? 1 : last - first + 1);
				}, 0);
			const [done, notStarted] = [
				count((report as RegExpExecArray)[1]),
				count((report as RegExpExecArray)[2]),
			];
			expect(done + notStarted).toBe(7);
			expect(notStarted).toBeGreaterThan(0);
			expect(emulator.notifications).toHaveLength(done);
			expect(emulator.requests('notifications')).toHaveLength(done + 1);
		},
	);
});

describe('Deduplication Key: a notification sent twice by mistake goes out once', () => {
	const once = {
		systemId: SYSTEM,
		templateId: TEMPLATE,
		endUsersIds: 'ana@example.com',
		runtimeTitle: 'Your lead is waiting',
	};
	const withKey = (key: string, windowSeconds = 600) => ({
		...once,
		options: { deduplicationKey: key, deduplicationWindow: windowSeconds },
	});
	// Each run its own workflow ID unless given: keys found again then come from the static data.
	let runs = 0;
	const run = async (
		parameters: IDataObject,
		staticData: IDataObject,
		items = [{}],
		workflowId = `dedup-${++runs}`,
	) =>
		await runNode({
			nodeType: 'walkMeNotification',
			credentials: walkMeCredential(emulator),
			items,
			parameters: { ...send, ...parameters },
			staticData,
			workflowId,
		});

	it('two executions with the same key within the window deliver once; the second says why', async () => {
		const staticData: IDataObject = {};
		const first = await run(withKey('lead-42-assigned'), staticData);
		const second = await run(withKey('lead-42-assigned'), staticData);
		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(emulator.notifications).toHaveLength(1);
		expect(emulator.requests('notifications')).toHaveLength(1);
		expect(first.output[0].json).toMatchObject({ requests: 1 });
		expect(second.output[0].json).toMatchObject({
			sent: false,
			deduplicationKey: 'lead-42-assigned',
			requests: 0,
			deliveries: [],
		});
		expect(second.output[0].json.heldBack).toMatch(
			new RegExp(
				/^A notification with Deduplication Key "lead-42-assigned" was sent at \d{4}-\d\d-\d\dT[\d:.]+Z, /
					.source + /within the 600-second window: not sent again$/.source,
			),
		);
		// The key is kept hashed: a key is often an e-mail address or a record ID.
		expect(JSON.stringify(staticData)).not.toContain('lead-42-assigned');
	});

	it('after the window the same key delivers again', async () => {
		const staticData: IDataObject = {};
		await run(withKey('lead-43-assigned', 1), staticData);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const again = await run(withKey('lead-43-assigned', 1), staticData);
		expect(again.error).toBeUndefined();
		expect(emulator.notifications).toHaveLength(2);
	});

	it('two executions in one process hold back the second even when n8n saved no static data', async () => {
		const first = await run(withKey('lead-46'), {}, [{}], 'dedup-memory');
		const second = await run(withKey('lead-46'), {}, [{}], 'dedup-memory');
		expect(first.error).toBeUndefined();
		expect(second.output[0].json).toMatchObject({ sent: false, requests: 0 });
		expect(emulator.notifications).toHaveLength(1);
		// Another workflow (or another node) with the same key is not held back by this one's memory.
		await run(withKey('lead-46'), {}, [{}], 'dedup-memory-other');
		expect(emulator.notifications).toHaveLength(2);
	});

	it('without a key, two identical executions deliver twice', async () => {
		const staticData: IDataObject = {};
		await run(once, staticData);
		await run(once, staticData);
		expect(emulator.notifications).toHaveLength(2);
	});

	it('two items with the same key in one execution deliver once; other keys are independent', async () => {
		const staticData: IDataObject = {};
		const { output, error } = await run(
			{ ...once, options: { deduplicationKey: '={{ $json.key }}' } },
			staticData,
			[{ key: 'a' }, { key: 'a' }, { key: 'b' }],
		);
		expect(error).toBeUndefined();
		expect(emulator.notifications).toHaveLength(2);
		expect(output.map((item) => item.json.requests)).toEqual([1, 0, 1]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('a send WalkMe refused gives the key back, so a retry delivers; one that may have gone out keeps it', async () => {
		const staticData: IDataObject = {};
		emulator.injectFault({ pathIncludes: '/notifications/', times: 1, status: 400 });
		const refused = await run(withKey('lead-44'), staticData);
		expect(refused.error?.message).toMatch(/^WalkMe answered 400/);
		const retried = await run(withKey('lead-44'), staticData);
		expect(retried.error).toBeUndefined();
		expect(emulator.notifications).toHaveLength(1);

		emulator.injectFault({
			pathIncludes: '/notifications/',
			times: 1,
			status: 502,
			afterHandling: true,
		});
		const uncertain = await run(withKey('lead-45'), staticData);
		expect(uncertain.error?.message).toContain('WalkMe may have carried it out');
		expect(uncertain.error?.description).toContain('WalkMe may have delivered this notification');
		const notRepeated = await run(withKey('lead-45'), staticData);
		expect(notRepeated.output[0].json).toMatchObject({ sent: false, requests: 0 });
		expect(emulator.notifications).toHaveLength(2);
	});
});
