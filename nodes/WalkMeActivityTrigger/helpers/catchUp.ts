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
	/** A window length (ms) that an earlier poll found one page or so holds, while catching up. */
	windowMs?: number;
}

export interface CatchUpResult {
	/** The new events, oldest first. */
	events: ActivityEvent[];
	cursor: Cursor;
	/** The window length to start the next poll with, while a backlog is left. */
	windowMs?: number;
	/** A failure after some events were read: they are kept, and the next poll meets it afresh. */
	failure?: unknown;
	requests: number;
}

/** Of a window that is read whole, the share of a page to aim for, so that one request does it. */
const PAGE_SHARE = 0.8;

/**
 * Reads the events after the cursor within the poll's budget, oldest first, and moves the cursor
 * only past what it returns. A window is read page by page; when the budget runs out first:
 * - pages that came oldest first are the window's oldest part, and are returned;
 * - pages that came newest first are not (the oldest part is still unread): the poll reads shorter
 *   windows instead, sized from the pages' density so that one page holds each, and the next poll
 *   starts with that size until the backlog is worked off.
 */
export async function catchUp(context: IPollFunctions, plan: CatchUpPlan): Promise<CatchUpResult> {
	const { end, pageSize, deadline } = plan;
	const startedAt = Date.now();
	const halfBudget = startedAt + (deadline - startedAt) / 2;
	let cursor = plan.cursor;
	let windowMs = plan.windowMs;
	const events: ActivityEvent[] = [];
	let slowest = 0;
	let requests = 0;
	const timeLeft = () => Date.now() + slowest < deadline;
	const readPage = async (from: number, to: number, offset: number) => {
		const sent = Date.now();
		const page = await readActivityPage(context, { from, to, pageSize, deadline }, offset);
		slowest = Math.max(slowest, Date.now() - sent);
		requests++;
		return page;
	};
	/** Takes the events read, the oldest part of the window, and moves the cursor past them. */
	const take = (read: ActivityEvent[]) => {
		const next = advance(read, cursor);
		events.push(...next.fresh);
		cursor = next.cursor;
	};

	try {
		while (cursor.lastTimestamp <= end && timeLeft()) {
			const from = cursor.lastTimestamp;
			const to = windowMs === undefined ? end : Math.min(end, from + windowMs - 1);
			const read: ActivityEvent[] = [];
			let complete = false;
			let narrower: number | undefined;
			for (let offset = 0; timeLeft(); offset += pageSize) {
				const page = await readPage(from, to, offset);
				read.push(...page);
				if (page.length < pageSize) {
					complete = true;
					break;
				}
				if (knownOldest(read, from)) continue;
				// Newest first: only a whole window can be taken. A window already shortened is cut again
				// at once; the first one is read on while half the budget is left.
				if (windowMs !== undefined || Date.now() > halfBudget) {
					narrower = shorterWindow(from, read, pageSize);
					break;
				}
			}
			if (complete) {
				take(read);
				// Up to the poll's end the cursor stays at the newest event, so a late arrival is found.
				if (to === end) return { events, cursor, requests };
				cursor = { lastTimestamp: to + 1, idsAtLast: [] };
				windowMs = nextWindow(to - from + 1, read.length, pageSize);
			} else if (narrower !== undefined) {
				windowMs = narrower;
			} else {
				// The budget ran out within the window: its oldest part, when that is what was read;
				// else the next poll starts with a window that one page holds.
				if (knownOldest(read, from)) take(read);
				else windowMs = shorterWindow(from, read, pageSize);
				break;
			}
		}
	} catch (failure) {
		if (events.length === 0 && cursor === plan.cursor) throw asNodeError(context, failure, 0);
		return { events, cursor, windowMs, failure, requests };
	}
	return { events, cursor, windowMs, requests };
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

/**
 * A window from `from` that about one page holds, from the density of the newest pages read: never
 * past the oldest event read, so that it is shorter than the window those pages came from.
 */
function shorterWindow(from: number, read: ActivityEvent[], pageSize: number): number {
	let newest = read[0].timestamp;
	let oldest = newest;
	for (const { timestamp } of read) {
		newest = Math.max(newest, timestamp);
		oldest = Math.min(oldest, timestamp);
	}
	const perPage = ((newest - oldest + 1) * pageSize) / read.length;
	// Pages all in one millisecond: what lies before that millisecond first.
	if (newest === oldest) return Math.max(1, oldest - from);
	return Math.max(1, Math.min(oldest - from + 1, Math.floor(perPage * PAGE_SHARE)));
}

/** The next window's length after one of `length` ms held `count` events. */
function nextWindow(length: number, count: number, pageSize: number): number {
	const growth = Math.min(4, (PAGE_SHARE * pageSize) / Math.max(1, count));
	return Math.max(1, Math.floor(length * growth));
}
