import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, backoffDelay, isRetryableStatus, parseRetryAfter } from './retry';
import { resolveWalkMeBaseUrl } from './walkMeApi';

export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the API's base URL, starting with a slash. */
	path: string;
	body?: IDataObject | IDataObject[];
	/** Names the call in error messages, e.g. "add users to segment (chunk 2 of 3)". */
	purpose: string;
	itemIndex?: number;
}

export interface ApiResponse {
	statusCode: number;
	body: unknown;
	/** Attempts made, 1 when the first one succeeded. */
	attempts: number;
}

interface HttpFailure {
	status: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** The status, headers and body of a failed HTTP call, wherever n8n's error wrapping put them. */
export function readHttpFailure(error: unknown): HttpFailure | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const response = (current as { response?: { status?: unknown; headers?: unknown; data?: unknown; body?: unknown } })
			.response;
		if (response && typeof response.status === 'number') {
			return {
				status: response.status,
				headers: (response.headers as Record<string, unknown>) ?? {},
				body: response.data ?? response.body,
			};
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** WalkMe's own words from an error body, whatever shape it has. */
export function apiErrorMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		if (text.startsWith('{')) {
			try {
				return apiErrorMessage(JSON.parse(text));
			} catch {
				return text.slice(0, 500);
			}
		}
		return text === '' ? undefined : text.slice(0, 500);
	}
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	for (const key of ['message', 'error_description', 'detail', 'title', 'error', 'errorMessage']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim() !== '') return value;
		if (value && typeof value === 'object') {
			const nested = apiErrorMessage(value);
			if (nested) return nested;
		}
	}
	if (Array.isArray(record.errors) && record.errors.length > 0) {
		return record.errors
			.map((entry) => (typeof entry === 'string' ? entry : apiErrorMessage(entry)))
			.filter((entry): entry is string => Boolean(entry))
			.join('; ');
	}
	return undefined;
}

/**
 * Sends one call through n8n's authenticated request helper, which attaches the credential (and,
 * for WalkMe, fetches or refreshes the token), retrying 429 and 502/503/504 with backoff.
 * Errors become a NodeApiError carrying the API's own message and status, built from a sanitised
 * object so that no header (and so no token or secret) reaches the error or the logs.
 */
export async function requestWithRetries(
	context: ApiContext,
	credentialType: string,
	apiName: string,
	options: IHttpRequestOptions,
	request: ApiRequest,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<ApiResponse> {
	for (let attempt = 1; ; attempt++) {
		try {
			const response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				credentialType,
				{ ...options, returnFullResponse: true },
			)) as { statusCode: number; body: unknown };
			return { statusCode: response.statusCode, body: response.body, attempts: attempt };
		} catch (error) {
			const failure = readHttpFailure(error);
			if (failure && isRetryableStatus(failure.status) && attempt <= policy.maxRetries) {
				const retryAfter = parseRetryAfter(failure.headers['retry-after'], Date.now());
				const wait = retryAfter ?? backoffDelay(attempt, policy);
				if (wait > policy.maxRetryAfterMs) {
					throw apiError(context, apiName, request, failure, attempt, ` It asked to retry after ${Math.ceil(wait / 1000)} s, longer than the node waits.`);
				}
				await sleep(wait);
				continue;
			}
			if (failure) throw apiError(context, apiName, request, failure, attempt);
			const reason = error instanceof Error ? error.message : String(error);
			throw new NodeApiError(
				context.getNode(),
				{ message: reason } as JsonObject,
				{
					message: `${apiName} could not be reached to ${request.purpose}: ${reason}`,
					itemIndex: request.itemIndex,
				},
			);
		}
	}
}

function apiError(
	context: ApiContext,
	apiName: string,
	request: ApiRequest,
	failure: HttpFailure,
	attempts: number,
	extra = '',
): NodeApiError {
	const said = apiErrorMessage(failure.body);
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	const message = `${apiName} answered ${failure.status} to ${request.purpose}${tries}${said ? `: ${said}` : ''}`;
	const body = typeof failure.body === 'object' && failure.body !== null ? failure.body : { text: failure.body };
	return new NodeApiError(
		context.getNode(),
		{ status: failure.status, body } as JsonObject,
		{
			message,
			description: `${extra.trim()} ${request.method} ${request.path}`.trim(),
			httpCode: String(failure.status),
			itemIndex: request.itemIndex,
		},
	);
}

export const WALKME_CREDENTIAL = 'walkMeOAuth2Api';

// n8n's authenticated request already reads the credential for every call; reading it a second
// time per call only to find the base URL would double that work, so it is resolved once per
// execution context (one node run, or one list search).
const baseUrls = new WeakMap<ApiContext, string>();

async function walkMeBaseUrl(context: ApiContext, itemIndex: number): Promise<string> {
	const known = baseUrls.get(context);
	if (known !== undefined) return known;
	const credentials = await context.getCredentials(WALKME_CREDENTIAL, itemIndex);
	const { baseUrl, problem } = resolveWalkMeBaseUrl(credentials);
	if (problem !== undefined) throw new NodeOperationError(context.getNode(), problem, { itemIndex });
	baseUrls.set(context, baseUrl);
	return baseUrl;
}

/** One request to the WalkMe API: base URL from the credential's region, Bearer token, retries. */
export async function walkMeApiRequest(
	this: ApiContext,
	request: ApiRequest,
	policy?: RetryPolicy,
): Promise<ApiResponse> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${await walkMeBaseUrl(this, request.itemIndex ?? 0)}${request.path}`,
		json: true,
		headers: { Accept: 'application/json' },
	};
	if (request.body !== undefined) options.body = request.body;
	return await requestWithRetries(this, WALKME_CREDENTIAL, 'WalkMe', options, request, policy);
}
