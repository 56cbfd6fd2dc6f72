/** What OpenDialog answers a request of too many users with: the limit, or 'unknown' when it names none. */
export function usersLimitFromRejection(body: unknown): number | 'unknown' | undefined {
	const errors = (body as { errors?: unknown } | null)?.errors;
	if (!errors || typeof errors !== 'object') return undefined;
	const messages = (errors as Record<string, unknown>).dataset;
	const texts = (Array.isArray(messages) ? messages : [messages]).filter((message): message is string => typeof message === 'string');
	for (const text of texts) {
		const limit = /maximum number of users is\s+(\d+)/i.exec(text);
		if (limit) return Number(limit[1]);
	}
	return texts.some((text) => /maximum|too many|at most|may not have more/i.test(text)) ? 'unknown' : undefined;
}

export interface DeepLink {
	user_id: string;
	url: string;
}

/**
 * The links of a deep-link answer: one {user_id, url} per dataset row, in order. Anything else (a
 * different count, a missing URL, a user ID other than the one sent) is a problem, never a guess.
 */
export function readDeepLinks(body: unknown, sentUserIds: Array<string | undefined>): { links: DeepLink[] } | { problem: string } {
	if (!Array.isArray(body)) return { problem: 'is not a list of links' };
	if (body.length !== sentUserIds.length) return { problem: `holds ${body.length} link(s) for ${sentUserIds.length} user(s)` };
	const links: DeepLink[] = [];
	for (let index = 0; index < body.length; index++) {
		const entry = body[index] as { user_id?: unknown; url?: unknown } | null;
		if (!entry || typeof entry.url !== 'string' || entry.url === '' || typeof entry.user_id !== 'string' || entry.user_id === '') {
			return { problem: `has no user_id and url at position ${index + 1}` };
		}
		const sent = sentUserIds[index];
		if (sent !== undefined && entry.user_id !== sent) {
			return { problem: `gives user "${entry.user_id}" at position ${index + 1}, where "${sent}" was sent` };
		}
		links.push({ user_id: entry.user_id, url: entry.url });
	}
	return { links };
}

/** Item indexes as short ranges: [0,1,2,5,7,8] → "0–2, 5, 7–8". */
export function describeItems(indexes: number[]): string {
	const parts: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		parts.push(end === start ? `${indexes[start]}` : `${indexes[start]}–${indexes[end]}`);
		start = end + 1;
	}
	return parts.join(', ');
}
