import type { IDataObject } from 'n8n-workflow';

import { WalkMeEmulator } from '../../../dev/emulator/server';
import { emulatorPerFile } from '../../helpers/emulators';
import { TEMPLATE, notificationSender } from './common';

const emulator = emulatorPerFile(new WalkMeEmulator());
const sendNotification = notificationSender(emulator);

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
