import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { unreadableAnswer } from './transport/failures';
import type { ApiContext, ApiRequest } from './transport/types';
import { walkMeApiRequest } from './transport/walkMe';
import { splitList } from './parameters';

export const ACTIVITY_LOG_PATH = '/public/v1/activitylog';
/** The Activity Log API's default page, and the largest this package asks for. */
export const MAX_PAGE_SIZE = 1000;
export const HOUR_MS = 3600000;

/** One audit-log event; eventId and timestamp are what the package relies on. */
export interface ActivityEvent extends IDataObject {
	eventId: string;
	timestamp: number;
}

/** Which events a workflow wants: action types (e.g. save_shoutout) and one system. */
export interface ActivityFilter {
	actionTypes: Set<string>;
	systemId: string;
}

/**
 * The Filters collection of both Activity nodes, one parameter path (`filters.actionTypes`,
 * `filters.systemId`); `what` opens each description ("Only", "Start only for").
 */
export function activityFilterFields(what: string): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Action Types',
				name: 'actionTypes',
				type: 'string',
				default: '',
				placeholder: 'e.g. save_shoutout, publish',
				description: `${what} events of these action types (comma-separated)`,
			},
			{
				displayName: 'System ID',
				name: 'systemId',
				type: 'string',
				default: '',
				placeholder: 'e.g. bcf4c7f5682b4aa6875a0fc9bdfa21ca',
				description: `${what} events of this WalkMe system`,
			},
		],
	};
}

export function readActivityFilter(actionTypes: string, systemId: string): ActivityFilter {
	return {
		actionTypes: new Set(splitList(actionTypes).map((type) => type.toLowerCase())),
		systemId: compactId(systemId),
	};
}

/** Whether an event passes the filter (an empty filter passes everything). */
export function matchesFilter(event: ActivityEvent, filter: ActivityFilter): boolean {
	const type = typeof event.actionType === 'string' ? event.actionType.toLowerCase() : '';
	if (filter.actionTypes.size > 0 && !filter.actionTypes.has(type)) return false;
	if (filter.systemId === '') return true;
	const info = event.additionalInfo as { systemId?: unknown } | undefined;
	return typeof info?.systemId === 'string' && compactId(info.systemId) === filter.systemId;
}

function compactId(value: string): string {
	return value.trim().replace(/[{}-]/g, '').toLowerCase();
}

/** A window of the activity log: [from, to] in epoch ms, both included. */
export interface ActivityWindow {
	from: number;
	to: number;
	pageSize?: number;
	itemIndex?: number;
	/** When the caller's time is up (a poll's budget); see ApiRequest. */
	deadline?: number;
}

/**
 * One page of the window, in the API's order. An event without an eventId or a numeric timestamp
 * fails the call: the trigger's exactly-once relies on both.
 */
export async function readActivityPage(
	context: ApiContext,
	window: ActivityWindow,
	offset: number,
): Promise<ActivityEvent[]> {
	const pageSize = window.pageSize ?? MAX_PAGE_SIZE;
	const query = new URLSearchParams({
		from: String(window.from),
		to: String(window.to),
		limit: String(pageSize),
		offset: String(offset),
	});
	const request: ApiRequest = {
		method: 'GET',
		path: `${ACTIVITY_LOG_PATH}?${query.toString()}`,
		purpose: `read the activity log (events ${offset + 1}–${offset + pageSize})`,
		itemIndex: window.itemIndex,
		deadline: window.deadline,
	};
	const response = await walkMeApiRequest.call(context, request);
	const page = (response.body as { events?: unknown } | null)?.events;
	if (!Array.isArray(page))
		throw unreadableAnswer(context, 'WalkMe', request, response, 'a list of events');
	for (const event of page as unknown[]) {
		const candidate = event as Partial<ActivityEvent> | null;
		if (
			typeof candidate?.eventId !== 'string' ||
			typeof candidate.timestamp !== 'number' ||
			!Number.isFinite(candidate.timestamp)
		)
			throw unreadableAnswer(
				context,
				'WalkMe',
				request,
				{ statusCode: response.statusCode, body: event },
				'an event with an eventId and a timestamp',
			);
	}
	return page as ActivityEvent[];
}

/**
 * Every event of the window, page by page (`offset`), in the API's order. Stops early once `enough`
 * events pass `keep`.
 */
export async function fetchActivity(
	context: ApiContext,
	window: ActivityWindow,
	keep: (event: ActivityEvent) => boolean = () => true,
	enough = Number.POSITIVE_INFINITY,
): Promise<{ events: ActivityEvent[]; requests: number }> {
	const pageSize = window.pageSize ?? MAX_PAGE_SIZE;
	const events: ActivityEvent[] = [];
	const seen = new Set<string>();
	let requests = 0;
	for (let offset = 0; ; offset += pageSize) {
		const page = await readActivityPage(context, window, offset);
		requests++;
		for (const event of page) {
			// A page boundary can move while events arrive: an event seen twice counts once.
			if (seen.has(event.eventId)) continue;
			seen.add(event.eventId);
			if (keep(event)) events.push(event);
			if (events.length >= enough) return { events, requests };
		}
		if (page.length < pageSize) return { events, requests };
	}
}
