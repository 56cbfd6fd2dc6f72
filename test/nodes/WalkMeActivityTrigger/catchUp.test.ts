/**
 * The Activity Trigger's polls in n8n's own PollContext against the emulator: each stays inside the
 * budget n8n gives it, emits the oldest events first, moves the cursor only past what it emitted,
 * and a backlog is worked off over several polls, each event once, whichever order the API answers
 * in, with events sharing a millisecond across page and poll boundaries, and across a crash.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ActivityEvent } from '../../../dev/emulator/server';
import { WalkMeEmulator } from '../../../dev/emulator/server';
import { walkMeCredential } from '../../../dev/walkme';
import { runPoll } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const emulator = emulatorPerFile(new WalkMeEmulator());
const HOUR_MS = 3600000;

interface Poll {
	startedAt: number;
	endedAt: number;
	ids: string[];
	error?: Error;
}

/** A trigger whose polls share one cursor (the node's static data), as n8n commits it. */
function trigger(options: IDataObject = {}, budgetMs?: number) {
	const staticData: IDataObject = {};
	const credentials = walkMeCredential(emulator);
	const poll = async (): Promise<Poll> => {
		const startedAt = Date.now();
		const { output, error } = await runPoll({
			nodeType: 'walkMeActivityTrigger',
			typeVersion: 2,
			parameters: { options },
			credentials,
			staticData,
			budgetMs,
		});
		return {
			startedAt,
			endedAt: Date.now(),
			ids: output.map((item) => String(item.json.eventId)),
			error,
		};
	};
	return { staticData, poll };
}

/** Events at these timestamps, in the order given. */
function addEvents(timestamps: number[]): ActivityEvent[] {
	return timestamps.map((timestamp) => emulator.addActivity({ timestamp }));
}

/** The event IDs oldest first, as the trigger must emit them (ties in any order). */
function timestampsOf(ids: string[]): number[] {
	const byId = new Map(emulator.activity.map((event) => [event.eventId, event.timestamp]));
	return ids.map((id) => byId.get(id) as number);
}

function isNonDecreasing(values: number[]): boolean {
	return values.every((value, index) => index === 0 || value >= values[index - 1]);
}

describe('WalkMe Activity Trigger: the first poll fixes where it starts', () => {
	it('Include the Last Hour: the start is kept through a failing poll, and the next poll reads from it', async () => {
		const { staticData, poll } = trigger({ firstPoll: 'lastHour' });
		const before = Date.now();
		const first = await poll();
		expect(first.ids).toEqual([]);
		expect(emulator.requests()).toEqual([]);
		const start = staticData.lastTimestamp as number;
		expect(start).toBeGreaterThanOrEqual(before - HOUR_MS);
		expect(start).toBeLessThanOrEqual(Date.now() - HOUR_MS);

		const [old] = addEvents([start + 1]);
		emulator.injectFault({ pathIncludes: '/activitylog', status: 503, times: 20 });
		const failed = await poll();
		expect((failed.error as { failure?: unknown }).failure).toEqual({
			cause: 'temporarily-unavailable',
		});
		expect(staticData.lastTimestamp).toBe(start);

		emulator.clearFaults();
		emulator.clearLog();
		expect((await poll()).ids).toEqual([old.eventId]);
		expect(new URLSearchParams(emulator.requests('activity')[0].query).get('from')).toBe(
			String(start),
		);
	});

	it('Start From Now (the default): nothing from before the first poll', async () => {
		addEvents([Date.now() - 60000]);
		const { poll } = trigger();
		expect((await poll()).ids).toEqual([]);
		const [later] = addEvents([Date.now() + 5]);
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect((await poll()).ids).toEqual([later.eventId]);
	});
});

describe.each(['newestFirst', 'oldestFirst'] as const)(
	'WalkMe Activity Trigger: a backlog, the API answering %s',
	(order) => {
		beforeEach(() => (emulator.activityOrder = order));

		it('is worked off over several polls within the budget, oldest first, each event once', async () => {
			const budgetMs = 500;
			const { poll } = trigger({ firstPoll: 'lastHour', pageSize: 100 }, budgetMs);
			await poll();
			// 6,000 events over 1 s, in runs of 7 sharing a millisecond, across page boundaries.
			const base = Date.now() - 30 * 60000;
			const added = addEvents(
				Array.from({ length: 6000 }, (_, index) => base + Math.floor(index / 7)),
			);
			emulator.setLatency(25);
			const polls: Poll[] = [];
			for (let round = 0; round < 40 && polls.flatMap((p) => p.ids).length < 6000; round++)
				polls.push(await poll());
			const ids = polls.flatMap((p) => p.ids);
			expect(polls.every((p) => p.error === undefined)).toBe(true);
			expect(ids).toHaveLength(6000);
			expect(new Set(ids)).toEqual(new Set(added.map((event) => event.eventId)));
			expect(isNonDecreasing(timestampsOf(ids))).toBe(true);
			expect(polls.length).toBeGreaterThan(2);
			// No poll ran past its budget, and none sent a request after its time was up.
			for (const p of polls) {
				expect(p.endedAt - p.startedAt).toBeLessThanOrEqual(budgetMs + 50);
				const sent = emulator
					.requests('activity')
					.filter((request) => request.at >= p.startedAt && request.at <= p.endedAt);
				expect(sent.every((request) => request.at < p.startedAt + budgetMs)).toBe(true);
			}
			// And nothing more is emitted once it has caught up.
			expect((await poll()).ids).toEqual([]);
		}, 120000);

		it('a crash between polls (the cursor not committed) repeats that poll’s events, nothing lost', async () => {
			const { staticData, poll } = trigger({ firstPoll: 'lastHour', pageSize: 50 }, 300);
			await poll();
			const base = Date.now() - 30 * 60000;
			const added = addEvents(
				Array.from({ length: 2000 }, (_, index) => base + Math.floor(index / 3)),
			);
			emulator.setLatency(25);
			const committed: string[] = [];
			let lost: string[] = [];
			for (let round = 0; round < 60 && committed.length < 2000; round++) {
				const before = structuredClone(staticData);
				const { ids, error } = await poll();
				expect(error).toBeUndefined();
				if (lost.length === 0 && ids.length > 0 && committed.length > 0) {
					// n8n died before it saved this poll's execution: its cursor goes with it.
					lost = ids;
					for (const key of Object.keys(staticData)) delete staticData[key];
					Object.assign(staticData, before);
					continue;
				}
				committed.push(...ids);
			}
			expect(lost.length).toBeGreaterThan(0);
			expect(committed).toHaveLength(2000);
			expect(new Set(committed)).toEqual(new Set(added.map((event) => event.eventId)));
			expect(committed).toEqual(expect.arrayContaining(lost));
		}, 120000);
	},
);

describe('WalkMe Activity Trigger: never waits or fetches past its budget', () => {
	it('a Retry-After longer than the time left is thrown at once, with the wait WalkMe asked for', async () => {
		const { staticData, poll } = trigger({}, 2000);
		staticData.lastTimestamp = Date.now() - 60000;
		emulator.injectFault({
			pathIncludes: '/activitylog',
			status: 429,
			headers: { 'Retry-After': '3' },
			times: 5,
		});
		const { error, startedAt, endedAt } = await poll();
		expect(endedAt - startedAt).toBeLessThan(1000);
		expect((error as { failure?: unknown }).failure).toEqual({
			cause: 'rate-limited',
			retryAfterMs: 3000,
		});
		expect(emulator.requests('activity')).toHaveLength(1);
	});

	it('an API slower than the budget: the request is given up at the deadline, temporarily-unavailable', async () => {
		const { staticData, poll } = trigger({}, 500);
		staticData.lastTimestamp = Date.now() - 60000;
		const cursor = structuredClone(staticData);
		emulator.injectFault({ pathIncludes: '/activitylog', delayMs: 1500 });
		const { error, startedAt, endedAt } = await poll();
		expect(endedAt - startedAt).toBeLessThan(1500);
		expect((error as { failure?: unknown }).failure).toEqual({
			cause: 'temporarily-unavailable',
		});
		expect(staticData).toEqual(cursor);
	});

	it('n8n 1.x offers no budget: a fixed one is used, and the poll works', async () => {
		const { staticData, poll } = trigger();
		staticData.lastTimestamp = Date.now() - 60000;
		const [event] = addEvents([Date.now() - 1000]);
		expect(await poll()).toMatchObject({ ids: [event.eventId], error: undefined });
	});
});
