const TOO_MANY_USERS = /too many users|maximum number of users|more than \d+ users|users? limit/i;

/** Every text an error body holds: its message and each field error, wherever they are. */
function errorTexts(value: unknown, depth = 0): string[] {
	if (typeof value === 'string') return [value];
	if (depth > 3 || value === null || typeof value !== 'object') return [];
	return Object.values(value as Record<string, unknown>).flatMap((entry) =>
		errorTexts(entry, depth + 1),
	);
}

/**
 * What OpenDialog answers a request of too many users with: the limit, or 'unknown' when it names
 * none. OpenDialog documents "Too Many Users" as an error of its own; its words are recognised
 * wherever the body puts them (a dataset field error, the message, another field).
 */
export function usersLimitFromRejection(body: unknown): number | 'unknown' | undefined {
	const record =
		body !== null && typeof body === 'object' ? (body as { errors?: unknown }) : undefined;
	const datasetErrors =
		record?.errors && typeof record.errors === 'object'
			? errorTexts((record.errors as Record<string, unknown>).dataset)
			: [];
	const texts = [...datasetErrors, ...errorTexts(body)];
	for (const text of texts) {
		const limit =
			/maximum number of users is\s+(\d+)/i.exec(text) ??
			/(?:at most|no more than|maximum of|up to)\s+(\d+)\s+users/i.exec(text);
		if (limit) return Number(limit[1]);
	}
	const tooMany =
		datasetErrors.some((text) => /maximum|too many|at most|may not have more/i.test(text)) ||
		texts.some((text) => TOO_MANY_USERS.test(text));
	return tooMany ? 'unknown' : undefined;
}

export interface DeepLink {
	user_id: string;
	url: string;
}

/**
 * The links of a deep-link answer: one {user_id, url} per dataset row, in order. Anything else (a
 * different count, a missing URL, a user ID other than the one sent) is a problem, never a guess.
 */
export function readDeepLinks(
	body: unknown,
	sentUserIds: Array<string | undefined>,
): { links: DeepLink[] } | { problem: string } {
	if (!Array.isArray(body)) return { problem: 'is not a list of links' };
	if (body.length !== sentUserIds.length)
		return { problem: `holds ${body.length} link(s) for ${sentUserIds.length} user(s)` };
	const links: DeepLink[] = [];
	const positionOfUrl = new Map<string, number>();
	for (let index = 0; index < body.length; index++) {
		const entry = body[index] as { user_id?: unknown; url?: unknown } | null;
		if (
			!entry ||
			typeof entry.url !== 'string' ||
			entry.url === '' ||
			typeof entry.user_id !== 'string' ||
			entry.user_id === ''
		) {
			return { problem: `has no user_id and url at position ${index + 1}` };
		}
		const sent = sentUserIds[index];
		if (sent !== undefined && entry.user_id !== sent) {
			return {
				problem: `gives user "${entry.user_id}" at position ${index + 1}, where "${sent}" was sent`,
			};
		}
		// One link per user is the API's contract: a link handed to two users would let each into the other's context.
		const sharedWith = positionOfUrl.get(entry.url);
		if (sharedWith !== undefined && links[sharedWith].user_id !== entry.user_id) {
			return {
				problem:
					`gives the same link to user "${links[sharedWith].user_id}" at position ` +
					`${sharedWith + 1} and user "${entry.user_id}" at position ${index + 1}`,
			};
		}
		positionOfUrl.set(entry.url, index);
		links.push({ user_id: entry.user_id, url: entry.url });
	}
	return { links };
}
