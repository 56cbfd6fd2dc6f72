import type { IDataObject } from 'n8n-workflow';

import { Fault, WalkMeEmulator } from '../../../dev/emulator/server';
import { startEmulator, walkMeCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';
import { OTHER_SYSTEM, SYSTEM, TEMPLATE, notificationSender, send } from './common';

const emulator = emulatorPerFile(new WalkMeEmulator());
const sendNotification = notificationSender(emulator);

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
