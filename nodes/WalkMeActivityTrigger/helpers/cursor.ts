import type { IDataObject } from 'n8n-workflow';

import type { ActivityEvent } from '../../shared/activityLog';

/**
 * Where the last poll stopped: the newest timestamp it saw, and the IDs of the events at exactly
 * that timestamp. The next poll asks from that timestamp on (inclusive), so events that share the
 * millisecond with the last ones, or arrive in it later, are not missed, and leaves out the IDs
 * already seen, so none is emitted twice.
 */
export interface Cursor {
	lastTimestamp: number;
	idsAtLast: string[];
}

export function readCursor(data: Record<string, unknown>): Cursor | undefined {
	const { lastTimestamp, idsAtLast } = data;
	if (typeof lastTimestamp !== 'number' || !Number.isFinite(lastTimestamp)) return undefined;
	return {
		lastTimestamp,
		idsAtLast: Array.isArray(idsAtLast)
			? idsAtLast.filter((id): id is string => typeof id === 'string')
			: [],
	};
}

/** The events the cursor has not seen, oldest first, and the cursor after them. */
export function advance(
	events: ActivityEvent[],
	cursor: Cursor,
): { fresh: ActivityEvent[]; cursor: Cursor } {
	const seen = new Set(cursor.idsAtLast);
	const fresh = events
		.filter(
			(event) =>
				event.timestamp > cursor.lastTimestamp ||
				(event.timestamp === cursor.lastTimestamp && !seen.has(event.eventId)),
		)
		.sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : 1));
	if (fresh.length === 0) return { fresh, cursor };
	const lastTimestamp = fresh[fresh.length - 1].timestamp;
	const atLast = fresh.filter((event) => event.timestamp === lastTimestamp).map((e) => e.eventId);
	return {
		fresh,
		cursor: {
			lastTimestamp,
			idsAtLast: lastTimestamp === cursor.lastTimestamp ? [...cursor.idsAtLast, ...atLast] : atLast,
		},
	};
}

/** While a backlog is worked off: what the last poll went on with (see catchUp). */
export function readBacklogHint(data: IDataObject): { windowMs?: number; ceiling?: number } {
	const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
	return { windowMs: number(data.windowMs), ceiling: number(data.ceiling) };
}

/** Keeps the cursor, and the backlog hint while one is left (nothing once caught up). */
export function saveProgress(
	data: IDataObject,
	progress: { cursor: Cursor; windowMs?: number; ceiling?: number },
): void {
	data.lastTimestamp = progress.cursor.lastTimestamp;
	data.idsAtLast = progress.cursor.idsAtLast;
	for (const key of ['windowMs', 'ceiling'] as const) {
		if (progress[key] === undefined) delete data[key];
		else data[key] = progress[key];
	}
}
