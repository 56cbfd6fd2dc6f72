export interface RetryPolicy {
	/** Retries after the first attempt; 0 disables retrying. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest Retry-After the node will wait for; a longer one fails the call instead of stalling it. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 250,
	maxDelayMs: 8000,
	maxRetryAfterMs: 120000,
};

/** 429 is the rate limit; 502/503/504 are a gateway or the service being briefly unavailable. */
export function isRetryableStatus(status: number | undefined): boolean {
	return status === 429 || status === 502 || status === 503 || status === 504;
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
export function backoffDelay(retry: number, policy: RetryPolicy): number {
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
}
