import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { inputError } from './errors';
import type { JobInput } from './execution';
import { kindOf, parameterValue, readField } from './parameters';

export const MAX_USER_ID_LENGTH = 100;

export interface UserIdSource {
	value: unknown;
	itemIndex: number;
}

/** Many sources read by position, so that 100,000 items need no object each. */
export interface UserIdSources {
	count: number;
	valueAt(position: number): unknown;
	itemIndexAt(position: number): number;
}

/** The IDs in one field of each of the given items. */
export function fieldSources(
	itemIndexes: number[],
	read: (itemIndex: number) => unknown,
): UserIdSources {
	return {
		count: itemIndexes.length,
		valueAt: (position) => read(itemIndexes[position]),
		itemIndexAt: (position) => itemIndexes[position],
	};
}

export interface InvalidUserId {
	userId: string;
	itemIndex: number;
	reason: string;
}

export interface PreparedUserIds {
	userIds: string[];
	/** How many values were read before trimming, dropping empties and de-duplicating. */
	received: number;
	emptyRemoved: number;
	duplicatesRemoved: number;
	invalid: InvalidUserId[];
}

export class UserIdShapeError extends Error {
	constructor(
		message: string,
		readonly itemIndex: number,
	) {
		super(message);
	}
}

/**
 * Turns one parameter or field value into a flat list of raw IDs: strings may hold several IDs
 * separated by commas or new lines; arrays may hold strings or numbers. Objects cannot be user IDs.
 */
export function splitUserIds(value: unknown, itemIndex: number): string[] {
	if (value === undefined || value === null) return [];
	if (typeof value === 'string') return value.split(/[,\r\n]+/);
	if (typeof value === 'number' || typeof value === 'bigint') return [String(value)];
	if (Array.isArray(value)) {
		const ids: string[] = [];
		for (const entry of value) {
			if (typeof entry === 'string' || typeof entry === 'number') ids.push(String(entry));
			else if (entry !== null && entry !== undefined) {
				throw new UserIdShapeError(
					`A user ID list may hold only strings or numbers, found ${kindOf(entry)}`,
					itemIndex,
				);
			}
		}
		return ids;
	}
	throw new UserIdShapeError(
		`User IDs must be a string or a list of strings, found ${kindOf(value)}`,
		itemIndex,
	);
}

/**
 * Trims, drops empties, de-duplicates (first occurrence wins, order kept) and separates IDs longer
 * than the API accepts (the Segments API: 100 characters). Linear in the number of IDs.
 */
export function prepareUserIds(
	sources: UserIdSource[] | UserIdSources,
	maxLength = MAX_USER_ID_LENGTH,
): PreparedUserIds {
	const list: UserIdSources = Array.isArray(sources)
		? {
				count: sources.length,
				valueAt: (position) => sources[position].value,
				itemIndexAt: (position) => sources[position].itemIndex,
			}
		: sources;
	const seen = new Set<string>();
	const userIds: string[] = [];
	const invalid: InvalidUserId[] = [];
	let received = 0;
	let emptyRemoved = 0;
	let duplicatesRemoved = 0;
	const consider = (raw: string, itemIndex: number) => {
		received++;
		const id = raw.trim();
		if (id === '') {
			emptyRemoved++;
			return;
		}
		if (seen.has(id)) {
			duplicatesRemoved++;
			return;
		}
		seen.add(id);
		if (id.length > maxLength) {
			invalid.push({
				userId: id,
				itemIndex,
				reason: `longer than ${maxLength} characters (${id.length})`,
			});
			return;
		}
		userIds.push(id);
	};
	for (let position = 0; position < list.count; position++) {
		const value = list.valueAt(position);
		// The common case, one ID per item (an e-mail field), without splitting it into a list.
		if (
			typeof value === 'string' &&
			value.indexOf(',') === -1 &&
			value.indexOf('\n') === -1 &&
			value.indexOf('\r') === -1
		) {
			consider(value, list.itemIndexAt(position));
			continue;
		}
		const itemIndex = list.itemIndexAt(position);
		for (const raw of splitUserIds(value, itemIndex)) consider(raw, itemIndex);
	}
	return { userIds, received, emptyRemoved, duplicatesRemoved, invalid };
}

/** Where a job's user IDs come from: one field of each of its items, or one parameter. */
export type UserIdOrigin =
	| { field: string }
	| { parameter: string; label: string; fallback: unknown };

/**
 * Reads and cleans the user IDs of a job. A value that cannot hold IDs (an object, a list of
 * lists) fails naming the field and the item, with `shapeHint` as the error's description.
 * `label` names the origin as errors should: `Field "email"` or the parameter's label.
 */
export function readUserIdList(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	input: JobInput,
	origin: UserIdOrigin,
	{ maxLength, shapeHint }: { maxLength: number; shapeHint: string },
): PreparedUserIds & { label: string } {
	let label: string;
	let sources: UserIdSource[] | UserIdSources;
	if ('field' in origin) {
		label = `Field "${origin.field}"`;
		sources = fieldSources(input.itemIndexes, (itemIndex) =>
			readField(items[itemIndex].json, origin.field),
		);
	} else {
		label = origin.label;
		sources = [
			{
				value: parameterValue(context, origin.parameter, input.paramIndex, origin.fallback),
				itemIndex: input.paramIndex,
			},
		];
	}
	try {
		return { ...prepareUserIds(sources, maxLength), label };
	} catch (error) {
		if (error instanceof UserIdShapeError) {
			throw inputError(context, error.itemIndex, label, `: ${error.message}`, shapeHint);
		}
		throw new NodeOperationError(context.getNode(), error as Error, {
			itemIndex: input.paramIndex,
		});
	}
}
