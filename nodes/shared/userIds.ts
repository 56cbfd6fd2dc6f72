export const MAX_USER_ID_LENGTH = 100;

export interface UserIdSource {
	value: unknown;
	itemIndex: number;
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
					`A user ID list may hold only strings or numbers, found ${describe(entry)}`,
					itemIndex,
				);
			}
		}
		return ids;
	}
	throw new UserIdShapeError(
		`User IDs must be a string or a list of strings, found ${describe(value)}`,
		itemIndex,
	);
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/**
 * Trims, drops empties, de-duplicates (first occurrence wins, order kept) and separates IDs longer
 * than the API accepts (the Segments API: 100 characters). Linear in the number of IDs.
 */
export function prepareUserIds(sources: Iterable<UserIdSource>, maxLength = MAX_USER_ID_LENGTH): PreparedUserIds {
	const seen = new Set<string>();
	const userIds: string[] = [];
	const invalid: InvalidUserId[] = [];
	let received = 0;
	let emptyRemoved = 0;
	let duplicatesRemoved = 0;
	for (const source of sources) {
		for (const raw of splitUserIds(source.value, source.itemIndex)) {
			received++;
			const id = raw.trim();
			if (id === '') {
				emptyRemoved++;
				continue;
			}
			if (seen.has(id)) {
				duplicatesRemoved++;
				continue;
			}
			seen.add(id);
			if (id.length > maxLength) {
				invalid.push({
					userId: id,
					itemIndex: source.itemIndex,
					reason: `longer than ${maxLength} characters (${id.length})`,
				});
				continue;
			}
			userIds.push(id);
		}
	}
	return { userIds, received, emptyRemoved, duplicatesRemoved, invalid };
}
