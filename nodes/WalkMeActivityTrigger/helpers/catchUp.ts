import type { IPollFunctions } from 'n8n-workflow';

import type { ActivityEvent } from '../../shared/activityLog';
import { readActivityPage } from '../../shared/activityLog';
import { asNodeError } from '../../shared/execution';
import type { Cursor } from './cursor';
import { advance } from './cursor';

/**
 * n8n 1.x offers no poll budget: this is what n8n 2.x gives under its default poll timeout (45 s
 * less n8n's own margin of 9 s).
 */
export const FIXED_POLL_BUDGET_MS = 36_000;

/** How long this poll may take: n8n's budget where it offers one. */
export function pollBudgetMs(context: IPollFunctions): number {
	const offered = (context as Partial<IPollFunctions>).getPollBudgetMs;
	return typeof offered === 'function' ? offered.call(context) : FIXED_POLL_BUDGET_MS;
}

/** Where a poll starts and how far it may go. */
export interface CatchUpPlan {
	cursor: Cursor;
	/** The window's end (the poll's "now"). */
	end: number;
	pageSize: number;
	/** When the poll's budget runs out (epoch ms): no request is sent that would end after it. */
	deadline: number;
	/** While catching up: the window length (ms) an earlier poll went on with, and how far below
	 * a window too full to take it was halving towards (see catchUp). */
	windowMs?: number;
	ceiling?: number;
}

export interface CatchUpResult {
	/** The new events, oldest first. */
	events: ActivityEvent[];
	cursor: Cursor;
	/** The window length, and the ceiling, to start the next poll with while a backlog is left. */
	windowMs?: number;
	ceiling?: number;
	/** A failure after some events were read: they are kept, and the next poll meets it afresh. */
	failure?: unknown;
	requests: number;
}

/** Of a window that is read whole, the share of a page to aim for, so that one request does it. */
const PAGE_SHARE = 0.8;

/** The requests of one poll: each page within the budget, timed so none is sent that would end past it. */
function pollReader(context: IPollFunctions, pageSize: number, deadline: number) {
	const halfBudget = Date.now() + (deadline - Date.now()) / 2;
	let slowest = 0;
	const reader = {
		requests: 0,
		timeLeft: () => Date.now() + slowest < deadline,
		async page(from: number, to: number, offset: number): Promise<ActivityEvent[]> {
			const sent = Date.now();
			const page = await readActivityPage(context, { from, to, pageSize, deadline }, offset);
			slowest = Math.max(slowest, Date.now() - sent);
			reader.requests++;
			return page;
		},
		/**
		 * A window page by page: whole, or until its pages, newest first, show it too full to take (a
		 * window already shortened at once; the first one once half the budget is spent), or time is up.
		 */
		async window(from: number, to: number, shortened: boolean) {
			const read: ActivityEvent[] = [];
			for (let offset = 0; reader.timeLeft(); offset += pageSize) {
				const page = await reader.page(from, to, offset);
				read.push(...page);
				if (page.length < pageSize) return { read, complete: true, tooFull: false };
				if (!knownOldest(read, from) && (shortened || Date.now() > halfBudget))
					return { read, complete: false, tooFull: true };
			}
			return { read, complete: false, tooFull: false };
		},
	};
	return reader;
}

/**
 * Reads the events after the cursor within the poll's budget, oldest first, and moves the cursor
 * only past what it returns. A window is read page by page; when the budget runs out first:
 * - pages that came oldest first are the window's oldest part, and are returned;
 * - pages that came newest first are not (the oldest part is still unread): the poll reads shorter
 *   windows instead, each one page long at the density seen (halving towards the events when they
 *   start later), and the next poll starts with that length until the backlog is worked off.
 */
export async function catchUp(context: IPollFunctions, plan: CatchUpPlan): Promise<CatchUpResult> {
	const { end, pageSize } = plan;
	const reader = pollReader(context, pageSize, plan.deadline);
	const events: ActivityEvent[] = [];
	let { cursor, windowMs } = plan;
	/** Takes the events read, the oldest part of the window, and moves the cursor past them. */
	const take = (read: ActivityEvent[]) => {
		const next = advance(read, cursor);
		events.push(...next.fresh);
		cursor = next.cursor;
	};
	// Newest first, the oldest events are found by halving: `ceiling` is the oldest event seen in a
	// window too full to take, `onePageMs` how long a window one page holds is there.
	let ceiling = plan.ceiling ?? Number.POSITIVE_INFINITY;
	let onePageMs = 1;
	const result = (failure?: unknown): CatchUpResult => ({
		events,
		cursor,
		windowMs,
		ceiling: Number.isFinite(ceiling) && ceiling > cursor.lastTimestamp ? ceiling : undefined,
		requests: reader.requests,
		...(failure === undefined ? {} : { failure }),
	});
	try {
		while (cursor.lastTimestamp <= end && reader.timeLeft()) {
			const from = cursor.lastTimestamp;
			const to = windowMs === undefined ? end : Math.min(end, from + windowMs - 1);
			const { read, complete, tooFull } = await reader.window(from, to, windowMs !== undefined);
			if (complete) {
				take(read);
				// Up to the poll's end the cursor stays at the newest event, so a late arrival is found.
				if (to === end) return { events, cursor, requests: reader.requests };
				cursor = { lastTimestamp: to + 1, idsAtLast: [] };
				// Nothing there, below a window too full: half the way on to it.
				windowMs =
					read.length === 0 && to < ceiling
						? Math.max(onePageMs, Math.floor((ceiling - to) / 2))
						: nextWindow(to - from + 1, read.length, pageSize);
			} else if (tooFull || !knownOldest(read, from)) {
				const seen = spanOf(read);
				ceiling = Math.min(ceiling, seen.oldest);
				onePageMs = Math.max(1, Math.floor(seen.perPage(pageSize) * PAGE_SHARE));
				windowMs = shorterWindow(from, seen, onePageMs);
				// Time is up within the window: the next poll starts with the shorter one.
				if (!tooFull) break;
			} else {
				// Time is up within a window read oldest first: its oldest part is taken.
				take(read);
				break;
			}
		}
	} catch (failure) {
		if (events.length === 0 && cursor === plan.cursor) throw asNodeError(context, failure, 0);
		return result(failure);
	}
	return result();
}

/**
 * Whether the events read so far are the window's oldest: they come oldest first, and that shows
 * (pages all in one millisecond show it only when it is the window's first).
 */
function knownOldest(read: ActivityEvent[], from: number): boolean {
	if (read.length === 0) return true;
	for (let index = 1; index < read.length; index++)
		if (read[index].timestamp < read[index - 1].timestamp) return false;
	return read[0].timestamp === from || read[read.length - 1].timestamp > read[0].timestamp;
}

/** The oldest and newest timestamps of the events read, and how long one page of them spans. */
function spanOf(read: ActivityEvent[]) {
	let newest = read[0].timestamp;
	let oldest = newest;
	for (const { timestamp } of read) {
		newest = Math.max(newest, timestamp);
		oldest = Math.min(oldest, timestamp);
	}
	return {
		newest,
		oldest,
		perPage: (pageSize: number) => ((newest - oldest + 1) * pageSize) / read.length,
	};
}

/**
 * A window from `from`, shorter than the one the newest pages came from: one page long at their
 * density, or half the way to the oldest of them when that is longer (the events may start later:
 * a quiet stretch is crossed in a few halvings).
 */
function shorterWindow(
	from: number,
	{ newest, oldest }: { newest: number; oldest: number },
	onePageMs: number,
): number {
	// Pages all in one millisecond: what lies before that millisecond first.
	if (newest === oldest) return Math.max(1, oldest - from);
	const halfway = Math.floor((oldest - from) / 2);
	return Math.max(1, Math.min(oldest - from + 1, Math.max(onePageMs, halfway)));
}

/** The next window's length after one of `length` ms held `count` events. */
function nextWindow(length: number, count: number, pageSize: number): number {
	const growth = Math.min(4, (PAGE_SHARE * pageSize) / Math.max(1, count));
	return Math.max(1, Math.floor(length * growth));
}
