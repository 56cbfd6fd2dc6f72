import type { IDataObject } from 'n8n-workflow';

import { OpenDialogEmulator } from '../../../dev/emulator/openDialog';
import { emulatorPerFile } from '../../helpers/emulators';
import { UNKNOWN_SCENARIO, byFields, customers, deepLinkRunner } from './common';

const emulator = emulatorPerFile(new OpenDialogEmulator());
const run = deepLinkRunner(emulator);

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
				'^Links generated: item\\(s\\) 0–1 \\(2\\)\\. Not sent: item\\(s\\) 4–5\\. ' +
					'With On Error → Continue, every item that got a link keeps it\\. ' +
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
			'Links generated: item(s) 0–1, 4–5 (4). Not sent: item(s) 6–9. ' +
				'With On Error → Continue, every item that got a link keeps it. ' +
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
