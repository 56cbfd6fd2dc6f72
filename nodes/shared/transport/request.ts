import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { parseRetryAfter } from '../failure';
import { errorForStatus, readHttpFailure, readNetworkCode, errorForNoAnswer } from './failures';
import type {
	Api,
	ApiContext,
	ApiRequest,
	ApiResponse,
	BaseUrlResolution,
	RetryPolicy,
} from './types';

const BACKOFF = { maxRetries: 4, baseDelayMs: 250, maxDelayMs: 8000, maxRetryAfterMs: 120000 };

/** Reads and idempotent writes: 429 is the rate limit; 502/503/504 a gateway or a brief outage. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	...BACKOFF,
	retryStatuses: [429, 502, 503, 504],
	retryNetworkCodes: [],
	notSafeToRepeat: false,
};

/**
 * Calls that must not happen twice (a notification, a user context) are sent again only where the
 * server cannot have acted: a 429, a 503, a refused connection. A timeout, a reset, a 502 or a 504
 * can follow an action that did happen, so they fail instead.
 */
export const NOT_SAFE_TO_REPEAT_POLICY: RetryPolicy = {
	...BACKOFF,
	retryStatuses: [429, 503],
	retryNetworkCodes: ['ECONNREFUSED'],
	notSafeToRepeat: true,
};

/** Exponential backoff for the given retry (1-based), capped. */
export function backoffDelay(
	retry: number,
	policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
): number {
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
}

/**
 * What the calls of one node run (one execution context) share: each API's base URL, read from the
 * credential once rather than on every call, and the pause a 429 asked for, which holds for every
 * call in flight so that one rate limit slows them all once instead of each in turn.
 */
interface RunState {
	baseUrls: Map<string, Promise<string>>;
	pausedUntil: number;
}

const runs = new WeakMap<ApiContext, RunState>();

function runOf(context: ApiContext): RunState {
	let run = runs.get(context);
	if (!run) runs.set(context, (run = { baseUrls: new Map(), pausedUntil: 0 }));
	return run;
}

/** The API's base URL for this run, resolved (and checked) at its first call. */
export async function baseUrlOf(context: ApiContext, api: Api, itemIndex = 0): Promise<string> {
	const { baseUrls } = runOf(context);
	let url = baseUrls.get(api.credentialType);
	if (!url) {
		url = api.baseUrl(context, itemIndex);
		baseUrls.set(api.credentialType, url);
		url.catch(() => baseUrls.delete(api.credentialType));
	}
	return await url;
}

/**
 * One JSON request below the API's base URL through n8n's authenticated request helper (which
 * attaches the credential and, for WalkMe, the token), retried as the policy allows. A failure is a
 * NodeApiError built from a sanitised object, so no header (no token or secret) reaches it or a log.
 */
export async function apiRequest(
	context: ApiContext,
	api: Api,
	request: ApiRequest,
	policy: RetryPolicy,
): Promise<ApiResponse> {
	const url = `${await baseUrlOf(context, api, request.itemIndex)}${request.path}`;
	const run = runOf(context);
	const { deadline } = request;
	for (let attempt = 1; ; attempt++) {
		while (run.pausedUntil > Date.now()) await sleep(run.pausedUntil - Date.now());
		try {
			return { ...(await sendOnce(context, api, url, request)), attempts: attempt };
		} catch (error) {
			const failure = readHttpFailure(error);
			if (failure && request.acceptStatuses?.includes(failure.status)) {
				const { status: statusCode, headers, body } = failure;
				return { statusCode, headers, body, attempts: attempt };
			}
			const networkCode = failure ? undefined : readNetworkCode(error);
			const retryable = failure
				? policy.retryStatuses.includes(failure.status)
				: networkCode !== undefined && policy.retryNetworkCodes.includes(networkCode);
			const asked = parseRetryAfter(failure?.headers['retry-after'], Date.now());
			const wait = asked ?? backoffDelay(attempt, policy);
			const pastDeadline = deadline !== undefined && Date.now() + wait >= deadline;
			if (!retryable || attempt > policy.maxRetries || pastDeadline) {
				if (!failure)
					throw errorForNoAnswer(context, api, request, error, networkCode, attempt, policy);
				const waited =
					retryable && asked !== undefined && pastDeadline
						? `It asked to retry after ${Math.ceil(asked / 1000)} s, after this poll's time is up.`
						: undefined;
				throw errorForStatus(context, api, request, failure, attempt, policy, waited);
			}
			if (failure && wait > policy.maxRetryAfterMs) {
				const waited = `It asked to retry after ${Math.ceil(wait / 1000)} s, longer than the node waits.`;
				throw errorForStatus(context, api, request, failure, attempt, policy, waited);
			}
			if (failure?.status === 429) run.pausedUntil = Math.max(run.pausedUntil, Date.now() + wait);
			else await sleep(wait);
		}
	}
}

/** One attempt through n8n's authenticated request helper; within a deadline, none runs past it. */
async function sendOnce(
	context: ApiContext,
	api: Api,
	url: string,
	request: ApiRequest,
): Promise<Omit<ApiResponse, 'attempts'>> {
	const { deadline } = request;
	// n8n abandons a poll that outlives its budget.
	const timeout =
		deadline === undefined
			? request.timeoutMs
			: Math.max(1, Math.min(request.timeoutMs ?? Infinity, deadline - Date.now()));
	const mediaType = api.mediaType ?? 'application/json';
	const headers: IDataObject = { Accept: mediaType };
	if (request.body !== undefined && api.mediaType) headers['Content-Type'] = mediaType;
	const response = (await context.helpers.httpRequestWithAuthentication.call(
		context,
		api.credentialType,
		{
			method: request.method,
			url,
			json: true,
			headers,
			returnFullResponse: true,
			...(request.body !== undefined ? { body: request.body } : {}),
			...(timeout ? { timeout } : {}),
		},
	)) as { statusCode: number; headers?: Record<string, unknown>; body: unknown };
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
}

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
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		return { problem: `${field} must start with https:// (got "${raw}")` };
	return { baseUrl: raw.replace(/\/+$/, '') };
}
