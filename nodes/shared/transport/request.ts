import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	apiError,
	readHttpFailure,
	readNetworkCode,
	unansweredError,
	type HttpFailure,
} from './errors';

/** Where an API call can be made from: a node run, a list search in the editor, a trigger's poll. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the API's base URL, starting with a slash. */
	path: string;
	body?: IDataObject | IDataObject[];
	/** Names the call in error messages, e.g. "add users to segment (chunk 2 of 3)". */
	purpose: string;
	itemIndex?: number;
	/** Milliseconds before the call is abandoned. */
	timeoutMs?: number;
	/** Statuses the caller reads itself (returned as a response instead of thrown as an error). */
	acceptStatuses?: number[];
	/**
	 * For a call that is not safe to repeat: what the user should know when it failed in a way that
	 * may have left the server having acted, e.g. "WalkMe may have delivered the notification…".
	 */
	ifOutcomeUncertain?: string;
}

export interface ApiResponse {
	statusCode: number;
	body: unknown;
	/** Attempts made, 1 when the first one succeeded. */
	attempts: number;
}

/** How one API speaks about its failures; the transport of each API fills it in. */
export interface ApiDialect {
	/** "WalkMe", "OpenDialog". */
	name: string;
	/** Extra words for a status, e.g. which API to turn on for a 403. */
	explainStatus?: (
		status: number,
		request: ApiRequest,
		said: string | undefined,
	) => string | undefined;
	/** Turns a failure that never reached the API (e.g. the credential's token request) into a message. */
	explainUnsent?: (error: unknown) => string | undefined;
}

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

/**
 * Resolves a value (e.g. a base URL from the credential) once per execution context: n8n's
 * authenticated request already reads the credential on every call, and reading it again per call
 * would double that work.
 */
export function oncePerContext<T>(resolve: (context: ApiContext, itemIndex: number) => Promise<T>) {
	const known = new WeakMap<ApiContext, T>();
	return async (context: ApiContext, itemIndex = 0): Promise<T> => {
		if (known.has(context)) return known.get(context) as T;
		const value = await resolve(context, itemIndex);
		known.set(context, value);
		return value;
	};
}

/**
 * When the calls of one node run may be sent again after a 429. A rate limit holds for every call
 * in flight, not just the one it answered: each call waits for the latest Retry-After before it is
 * sent (again), so one 429 slows them all once instead of each in turn.
 */
const rateLimitedUntil = new WeakMap<object, number>();

async function waitOutRateLimit(context: ApiContext): Promise<void> {
	for (
		let until = rateLimitedUntil.get(context) ?? 0;
		until > Date.now();
		until = rateLimitedUntil.get(context) ?? 0
	) {
		await sleep(until - Date.now());
	}
}

function holdAllCalls(context: ApiContext, waitMs: number): void {
	const until = Date.now() + waitMs;
	if ((rateLimitedUntil.get(context) ?? 0) < until) rateLimitedUntil.set(context, until);
}

/**
 * Sends one call through n8n's authenticated request helper, which attaches the credential (and,
 * for WalkMe, fetches or refreshes the token), retrying what the policy allows. Errors become a
 * NodeApiError carrying the API's own message and status, built from a sanitised object so that no
 * header (and so no token or secret) reaches the error or the logs.
 */
export async function requestWithRetries(
	context: ApiContext,
	credentialType: string,
	dialect: ApiDialect,
	options: IHttpRequestOptions,
	request: ApiRequest,
	policy: RetryPolicy,
): Promise<ApiResponse> {
	for (let attempt = 1; ; attempt++) {
		await waitOutRateLimit(context);
		try {
			const response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				credentialType,
				{
					...options,
					returnFullResponse: true,
					...(request.timeoutMs ? { timeout: request.timeoutMs } : {}),
				},
			)) as { statusCode: number; body: unknown };
			return { statusCode: response.statusCode, body: response.body, attempts: attempt };
		} catch (error) {
			const failure = readHttpFailure(error);
			if (failure && request.acceptStatuses?.includes(failure.status)) {
				return { statusCode: failure.status, body: failure.body, attempts: attempt };
			}
			const networkCode = failure ? undefined : readNetworkCode(error);
			const retryable = failure
				? policy.retryStatuses.includes(failure.status)
				: networkCode !== undefined && policy.retryNetworkCodes.includes(networkCode);
			if (retryable && attempt <= policy.maxRetries) {
				const retryAfter = failure
					? parseRetryAfter(failure.headers['retry-after'], Date.now())
					: undefined;
				const wait = retryAfter ?? backoffDelay(attempt, policy);
				if (wait > policy.maxRetryAfterMs) {
					throw apiError(
						context,
						dialect,
						request,
						failure as HttpFailure,
						attempt,
						policy,
						`It asked to retry after ${Math.ceil(wait / 1000)} s, longer than the node waits.`,
					);
				}
				if (failure?.status === 429) holdAllCalls(context, wait);
				else await sleep(wait);
				continue;
			}
			if (failure) throw apiError(context, dialect, request, failure, attempt, policy);
			throw unansweredError(context, dialect, request, error, networkCode, attempt, policy);
		}
	}
}

/** What the transport file of one API tells the core: its credential, its words, its base URL. */
export interface Api {
	credentialType: string;
	dialect: ApiDialect;
	/** The credential's base URL, checked, without a trailing slash. */
	baseUrl: (context: ApiContext, itemIndex: number) => Promise<string>;
	/** The media type of request and answer bodies; application/json unless the API names its own. */
	mediaType?: string;
}

/** One JSON request to an API, below its base URL, with the credential attached and retries. */
export async function apiRequest(
	context: ApiContext,
	api: Api,
	request: ApiRequest,
	policy: RetryPolicy,
): Promise<ApiResponse> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${await api.baseUrl(context, request.itemIndex ?? 0)}${request.path}`,
		json: true,
		headers: { Accept: api.mediaType ?? 'application/json' },
	};
	if (request.body !== undefined) {
		options.body = request.body;
		if (api.mediaType) options.headers = { ...options.headers, 'Content-Type': api.mediaType };
	}
	return await requestWithRetries(
		context,
		api.credentialType,
		api.dialect,
		options,
		request,
		policy,
	);
}

export type BaseUrlResolution =
	| { baseUrl: string; problem?: undefined }
	| { baseUrl?: undefined; problem: string };

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks a base URL a user typed into a credential (`field` names it in the message). With
 * `plainHttpOnlyFor` (e.g. "a workspace"), plain http is refused unless the host is this machine:
 * the secret travels with every call.
 */
export function checkBaseUrl(
	raw: string,
	field: string,
	plainHttpOnlyFor?: string,
): BaseUrlResolution {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return { problem: `${field} "${raw}" is not a URL` };
	}
	if (plainHttpOnlyFor && url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
		return {
			problem: `${field} must start with https:// (got "${raw}"); plain http is allowed only for ${plainHttpOnlyFor} on this machine`,
		};
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { problem: `${field} must start with https:// (got "${raw}")` };
	}
	return { baseUrl: raw.replace(/\/+$/, '') };
}
