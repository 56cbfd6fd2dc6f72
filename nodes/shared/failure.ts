import type { Failure } from 'n8n-workflow';

/**
 * Why a call failed, in n8n's own terms (n8n-workflow's `Failure`). n8n's scheduler reads it from a
 * poll's error to back off: a timed cause waits at least `retryAfterMs`; a credential or
 * configuration cause waits until someone acts. An item's bad data is none of these and declares
 * nothing.
 */
export type FailureCause = Failure['cause'];

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms; undefined if unreadable. */
export function parseRetryAfter(header: unknown, nowMs: number): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
	const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : NaN;
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** A failure of this cause, with the wait the source asked for where a wait can help. */
export function failureOf(cause: FailureCause, retryAfterMs?: number): Failure {
	if (
		cause === 'credential-invalid' ||
		cause === 'configuration-invalid' ||
		cause === 'node-defect'
	)
		return { cause };
	return retryAfterMs !== undefined && retryAfterMs > 0 ? { cause, retryAfterMs } : { cause };
}

/**
 * The cause of an answer with an error status. 400, 404, 409 and 422 are the item's data unless the
 * API's own table (the transport file's hints) says the parameter named something unknown.
 */
export function statusCause(status: number): FailureCause | undefined {
	if (status === 429) return 'rate-limited';
	if (status === 408 || status >= 500) return 'temporarily-unavailable';
	if (status === 401) return 'credential-invalid';
	if (status === 403) return 'configuration-invalid';
	return undefined;
}

/** The cause of a call that got no answer: a URL that cannot be used, else a passing outage. */
export function networkCause(networkCode: string | undefined): FailureCause {
	return networkCode === 'ERR_INVALID_URL' ? 'configuration-invalid' : 'temporarily-unavailable';
}

/**
 * Declares the failure on the error as data (n8n-workflow's `failure`), which n8n's readers find on
 * the error or any error wrapping it. Set after construction too: n8n 1.x ignores the option.
 */
export function declareFailure<E extends object>(error: E, failure: Failure | undefined): E {
	if (failure) (error as { failure?: Failure }).failure = failure;
	return error;
}
