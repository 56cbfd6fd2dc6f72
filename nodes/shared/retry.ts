export interface RetryPolicy {
	/** Retries after the first attempt; 0 disables retrying. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest Retry-After the node will wait for; a longer one fails the call instead of stalling it. */
	maxRetryAfterMs: number;
	/** Answers after which the call is sent again. */
	retryStatuses: number[];
	/** Failures without an answer after which the call is sent again (ECONNREFUSED…). */
	retryNetworkCodes: string[];
	/** Whether a failure can leave the server having acted, which the error must then say. */
	notSafeToRepeat: boolean;
}

const BACKOFF = { maxRetries: 4, baseDelayMs: 250, maxDelayMs: 8000, maxRetryAfterMs: 120000 };

/** Reads and idempotent writes: 429 is the rate limit; 502/503/504 a gateway or a brief outage. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	...BACKOFF,
	retryStatuses: [429, 502, 503, 504],
	retryNetworkCodes: [],
	notSafeToRepeat: false,
};

/**
 * Calls that must not happen twice (sending a notification, creating a user context): sent again
 * only where the server cannot have acted — it answered 429 or 503, or the connection was refused
 * before anything was written. A timeout, a reset connection, a 502 or a 504 can follow an action
 * that did happen, so they fail instead.
 */
export const NOT_SAFE_TO_REPEAT_POLICY: RetryPolicy = {
	...BACKOFF,
	retryStatuses: [429, 503],
	retryNetworkCodes: ['ECONNREFUSED'],
	notSafeToRepeat: true,
};

/** Network failures that happen before a request is written: nothing can have reached the server. */
const NOTHING_SENT_CODES = [
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_INVALID_URL',
];

/** Whether a failed call may still have been carried out by the server. */
export function mayHaveActed(failure: { status?: number; networkCode?: string }): boolean {
	if (failure.status !== undefined) return failure.status >= 500 && failure.status !== 503;
	return !NOTHING_SENT_CODES.includes(failure.networkCode ?? '');
}

/**
 * Reads Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3), returning milliseconds
 * to wait, or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(header: unknown, nowMs: number): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
	if (!/[a-z]/i.test(trimmed)) return undefined;
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/** Exponential backoff for the given retry (1-based), capped. */
export function backoffDelay(
	retry: number,
	policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
): number {
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
}
