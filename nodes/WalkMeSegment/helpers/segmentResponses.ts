import type { IDataObject } from 'n8n-workflow';

import { normalizeGuid } from '../../shared/guid';

// WalkMe documents the requests, not the answers: these readers accept the shapes a REST API of this
// kind commonly returns, and say "unreadable" (undefined) for anything else, never "empty".

const LIST_KEYS = ['segments', 'data', 'items', 'results', 'value'];
const GUID_KEYS = ['segmentGuid', 'guid', 'segmentId', 'uuid', '_id'];
const NESTED_KEYS = ['segment', 'data', 'result'];

/**
 * The segments in a "get segments" answer: a list of objects, bare or under one of the usual keys.
 * Undefined when the answer is anything else (an HTML page, truncated JSON, another shape), so that
 * an unreadable list is never taken for an empty one.
 */
export function readSegmentList(body: unknown): IDataObject[] | undefined {
	if (Array.isArray(body)) return body.every(isObject) ? body : undefined;
	if (!isObject(body)) return undefined;
	for (const key of LIST_KEYS) {
		const value = body[key];
		if (Array.isArray(value) || isObject(value)) return readSegmentList(value);
	}
	return undefined;
}

/** A segment's GUID from a segment object or a create answer; `id` counts only when it is a GUID. */
export function readSegmentGuid(body: unknown): string | null {
	if (typeof body === 'string') return normalizeGuid(body.replace(/^"|"$/g, ''));
	if (!isObject(body)) return null;
	for (const key of GUID_KEYS) {
		const guid = normalizeGuid(body[key]);
		if (guid) return guid;
	}
	for (const key of NESTED_KEYS) {
		if (isObject(body[key])) {
			const guid = readSegmentGuid(body[key]);
			if (guid) return guid;
		}
	}
	return normalizeGuid(body.id);
}

export function readSegmentName(segment: IDataObject): string | null {
	for (const key of ['name', 'segmentName', 'displayName']) {
		if (typeof segment[key] === 'string') return segment[key] as string;
	}
	return null;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
