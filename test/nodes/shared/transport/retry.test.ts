import {
	DEFAULT_RETRY_POLICY,
	NOT_SAFE_TO_REPEAT_POLICY,
	backoffDelay,
} from '../../../../nodes/shared/transport/request';
import { parseRetryAfter } from '../../../../nodes/shared/failure';
import { mayHaveActed } from '../../../../nodes/shared/transport/failures';

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

	it('retries only rate limits and gateway failures by default', () => {
		expect(DEFAULT_RETRY_POLICY.retryStatuses.sort()).toEqual([429, 502, 503, 504]);
		expect(DEFAULT_RETRY_POLICY.retryNetworkCodes).toEqual([]);
	});

	it('repeats a call that is not safe to repeat only where the server cannot have acted', () => {
		expect(NOT_SAFE_TO_REPEAT_POLICY.retryStatuses.sort()).toEqual([429, 503]);
		expect(NOT_SAFE_TO_REPEAT_POLICY.retryNetworkCodes).toEqual(['ECONNREFUSED']);
		for (const status of [500, 502, 504]) expect(mayHaveActed({ status })).toBe(true);
		for (const status of [400, 401, 403, 422, 429, 503])
			expect(mayHaveActed({ status })).toBe(false);
		for (const networkCode of ['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', undefined]) {
			expect(mayHaveActed({ networkCode })).toBe(true);
		}
		for (const networkCode of ['ECONNREFUSED', 'ENOTFOUND'])
			expect(mayHaveActed({ networkCode })).toBe(false);
	});

	it('backs off exponentially up to the cap', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 500 };
		expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy))).toEqual([
			100, 200, 400, 500, 500,
		]);
	});
});
