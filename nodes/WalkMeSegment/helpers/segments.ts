import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { unreadableAnswer } from '../../shared/transport/failures';
import { normalizeGuid } from '../../shared/guid';
import { asText, parameterValue } from '../../shared/parameters';
import type { ApiContext, ApiResponse } from '../../shared/transport/types';
import { walkMeApiRequest } from '../../shared/transport/walkMe';

// WalkMe's segments: which system and segment an item names, the API's paths and list call, and
// the readers of its answers.

const SYSTEM_GUID_HINT =
	'Use the 32 hex digits from the snippet URL (Editor → Editor Menu → Snippet), the 8-4-4-4-12 form, or the snippet URL itself.';

/** A GUID as WalkMe's URLs take it (8-4-4-4-12, lower case), from any of the forms users paste. */
function asGuid(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
	hint: string,
	kind = 'a GUID',
): string {
	const text = asText(context, value, label, itemIndex);
	if (text === '') throw inputError(context, itemIndex, label, 'is empty', hint);
	const guid = normalizeGuid(text);
	if (!guid) {
		throw inputError(context, itemIndex, label, `is not ${kind}: ${JSON.stringify(text)}`, hint);
	}
	return guid;
}

export function readSystemGuid(context: IExecuteFunctions, itemIndex: number): string {
	return asGuid(
		context,
		parameterValue(context, 'systemGuid', itemIndex, ''),
		'System GUID',
		itemIndex,
		SYSTEM_GUID_HINT,
	);
}

/** The Segment parameter (a resource locator) as a GUID. */
export function readSegmentParameter(context: IExecuteFunctions, itemIndex: number): string {
	const raw = context.getNodeParameter('segmentId', itemIndex, '', {
		extractValue: true,
	}) as unknown;
	return asGuid(
		context,
		raw,
		'Segment',
		itemIndex,
		'Pick the segment from the list, or enter its GUID as 8-4-4-4-12.',
		'a segment GUID',
	);
}

export const MAX_USERS_PER_REQUEST = 25000;

export function segmentsPath(systemGuid: string, segmentGuid?: string): string {
	const base = `/public/v1/user/system/${encodeURIComponent(systemGuid)}/segment`;
	return segmentGuid ? `${base}/${encodeURIComponent(segmentGuid)}` : base;
}

export async function listSegments(
	context: ApiContext,
	systemGuid: string,
	itemIndex: number,
): Promise<{ segments: IDataObject[]; response: ApiResponse }> {
	const request = {
		method: 'GET' as const,
		path: segmentsPath(systemGuid),
		purpose: 'list the segments of the system',
		itemIndex,
	};
	const response = await walkMeApiRequest.call(context, request);
	const segments = readSegmentList(response.body);
	if (segments === undefined)
		throw unreadableAnswer(context, 'WalkMe', request, response, 'a list of segments');
	return { segments, response };
}

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
