const HYPHENATED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMPACT = /^[0-9a-f]{32}$/i;
// The snippet URL WalkMe shows in the Editor: https://cdn.walkme.com/users/<GUID>/test/walkme_...
const SNIPPET_URL = /\/users\/([0-9a-f]{32}|[0-9a-f-]{36})(?:\/|$)/i;

/**
 * Reads a GUID the way users paste it (8-4-4-4-12, 32 hex digits as in the snippet URL, the
 * snippet URL itself, optionally in braces) and returns the lower-case 8-4-4-4-12 form WalkMe
 * expects in URLs, or null when the value is not a GUID.
 */
export function normalizeGuid(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	let candidate = value.trim().replace(/^\{(.*)\}$/, '$1');
	const fromUrl = SNIPPET_URL.exec(candidate);
	if (fromUrl && candidate.includes('://')) candidate = fromUrl[1];
	if (COMPACT.test(candidate)) {
		candidate = [
			candidate.slice(0, 8),
			candidate.slice(8, 12),
			candidate.slice(12, 16),
			candidate.slice(16, 20),
			candidate.slice(20),
		].join('-');
	}
	return HYPHENATED.test(candidate) ? candidate.toLowerCase() : null;
}
