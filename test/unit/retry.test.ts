import { DEFAULT_RETRY_POLICY, backoffDelay, isRetryableStatus, parseRetryAfter } from '../../nodes/shared/retry';

describe('retry helpers', () => {
	const now = Date.parse('2026-11-21T12:00:00Z');

	it('reads Retry-After in seconds', () => {
		expect(parseRetryAfter('1', now)).toBe(1000);
		expect(parseRetryAfter(' 120 ', now)).toBe(120000);
		expect(parseRetryAfter('0.5', now)).toBe(500);
		expect(parseRetryAfter(['3'], now)).toBe(3000);
	});

	it('reads Retry-After as an HTTP date', () => {
		expect(parseRetryAfter('Sat, 21 Nov 2026 12:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('Sat, 21 Nov 2026 11:59:00 GMT', now)).toBe(0);
	});

	it('ignores absent or unreadable values', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('', now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter('-1', now)).toBeUndefined();
	});

	it('retries only rate limits and gateway failures', () => {
		expect([429, 502, 503, 504].every(isRetryableStatus)).toBe(true);
		expect([400, 401, 403, 404, 409, 422, 500, 501].some(isRetryableStatus)).toBe(false);
	});

	it('backs off exponentially up to the cap', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 500 };
		expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy))).toEqual([100, 200, 400, 500, 500]);
	});
});
