import type { Failure, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { HEADLINE_MAX, causes, quoteAnswer } from '../errors';
import { declareFailure, failureOf, networkCause, parseRetryAfter, statusCause } from '../failure';
import type { Api, ApiContext, ApiRequest, ApiResponse, RetryPolicy } from './types';

export interface HttpFailure {
	status: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** The status, headers and body of a failed HTTP call, wherever n8n's error wrapping put them. */
export function readHttpFailure(error: unknown): HttpFailure | undefined {
	for (const { response } of causes(error)) {
		const answer = response as {
			status?: unknown;
			headers?: unknown;
			data?: unknown;
			body?: unknown;
		};
		if (answer && typeof answer.status === 'number') {
			const headers = (answer.headers as Record<string, unknown>) ?? {};
			return { status: answer.status, headers, body: answer.data ?? answer.body };
		}
	}
	// n8n 1.x drops the HTTP error it wraps, keeping only the status and the answer's data on its
	// NodeApiError; the headers (Retry-After) are lost there.
	const wrapped = error as {
		httpCode?: unknown;
		context?: { data?: unknown };
		description?: unknown;
	};
	if (typeof wrapped?.httpCode === 'string' && /^\d{3}$/.test(wrapped.httpCode)) {
		const body = wrapped.context?.data ?? wrapped.description;
		return { status: Number(wrapped.httpCode), headers: {}, body };
	}
	return undefined;
}

/** A system error code as Node names them (ECONNREFUSED, ERR_INVALID_URL…). */
const SYSTEM_ERROR_CODE = /^E[A-Z_]+$/;

/** A network code inside a message, as n8n 1.x keeps it. */
const NETWORK_CODE_IN_TEXT =
	/\b(E(?:CONNREFUSED|CONNRESET|TIMEDOUT|NOTFOUND|HOSTUNREACH|NETUNREACH|AI_AGAIN|PIPE))\b/;

/** The system error code (ECONNREFUSED, ECONNRESET, ETIMEDOUT…) of a call that got no answer. */
export function readNetworkCode(error: unknown): string | undefined {
	for (const { code } of causes(error)) {
		if (typeof code === 'string' && SYSTEM_ERROR_CODE.test(code)) return code;
	}
	// n8n 1.x's NodeApiError files the code under httpCode and keeps the original message in messages.
	const wrapped = error as { httpCode?: unknown; messages?: unknown } | null;
	if (typeof wrapped?.httpCode === 'string' && SYSTEM_ERROR_CODE.test(wrapped.httpCode))
		return wrapped.httpCode;
	const messages = Array.isArray(wrapped?.messages) ? (wrapped.messages as unknown[]) : [];
	for (const message of messages) {
		const found = typeof message === 'string' ? NETWORK_CODE_IN_TEXT.exec(message) : null;
		if (found) return found[1];
	}
	return undefined;
}

/** The API's own words from an error body, whatever shape it has. */
export function apiErrorMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		if (text.startsWith('{')) {
			try {
				return apiErrorMessage(JSON.parse(text));
			} catch {
				return quoteAnswer(text);
			}
		}
		return text === '' ? undefined : quoteAnswer(text);
	}
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	const { message, errors } = record;
	// Laravel-style field errors: {"message": "…", "errors": {"dataset": ["Maximum number of users is 100"]}}.
	if (errors && typeof errors === 'object' && !Array.isArray(errors)) {
		const fields = Object.entries(errors).map(
			([field, said]) =>
				`${field}: ${Array.isArray(said) ? said.filter((m) => typeof m === 'string').join(' ') : String(said)}`,
		);
		if (fields.length > 0)
			return [typeof message === 'string' ? message.trim() : '', fields.join('; ')]
				.filter(Boolean)
				.join(' ');
	}
	for (const key of ['message', 'error_description', 'detail', 'title', 'error', 'errorMessage']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim() !== '') return value;
		const nested = typeof value === 'object' && !Array.isArray(value) ? apiErrorMessage(value) : '';
		if (nested) return nested;
	}
	if (Array.isArray(errors) && errors.length > 0) {
		const said = errors.map((entry) =>
			typeof entry === 'string' ? entry : apiErrorMessage(entry),
		);
		return said.filter(Boolean).join('; ');
	}
	return undefined;
}

/**
 * n8n's own refusal to send a request (its SSRF protection: a blocked IP range or host name),
 * wherever n8n's wrapping put it: what n8n said and the host. Nothing reached the API.
 */
export function refusedByN8n(error: unknown): { reason: string; host?: string } | undefined {
	for (const { name, message, hostname, ip } of causes(error)) {
		if (
			(typeof name === 'string' && name.startsWith('Ssrf')) ||
			(typeof message === 'string' && message.startsWith('The request was blocked because'))
		) {
			const host = [hostname, ip].find((part) => typeof part === 'string' && part !== '');
			return { reason: String(message), host: host as string | undefined };
		}
	}
	return undefined;
}

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

/** NodeApiError rewrites a message that mentions a status or a network code; ours says more. */
function nodeApiError(
	context: ApiContext,
	data: JsonObject,
	message: string,
	parts: Array<string | undefined>,
	options: {
		itemIndex?: number;
		httpCode?: string;
		mayHaveActed?: boolean;
		failure?: Failure;
		cause?: Error;
	},
): NodeApiError {
	const description = parts.filter(Boolean).join(' ');
	const { itemIndex, httpCode, failure, cause } = options;
	const error = new NodeApiError(context.getNode(), data, {
		message,
		description,
		itemIndex,
		httpCode,
		failure,
	});
	error.message = message;
	if (cause) error.cause = cause;
	if (options.mayHaveActed) error.context.mayHaveActed = true;
	return declareFailure(error, failure);
}

/**
 * What n8n's own readers look for on a failed HTTP call (its status and Retry-After), without the
 * request that carried it: the original error holds the Authorization header.
 */
function httpCause(failure: Pick<HttpFailure, 'status' | 'headers'>): Error {
	const cause = new Error(`HTTP ${failure.status}`);
	const retryAfter = failure.headers['retry-after'];
	Object.assign(cause, {
		name: 'HttpStatusError',
		response: {
			status: failure.status,
			headers: typeof retryAfter === 'string' ? { 'retry-after': retryAfter } : {},
		},
	});
	return cause;
}

/** The original network error, as far as it tells why (its name, message and system code). */
function networkErrorCause(error: unknown, reason: string | undefined, code: string | undefined) {
	const cause = new Error(reason ?? String(error));
	cause.name = error instanceof Error ? error.name : 'Error';
	if (code) Object.assign(cause, { code });
	return cause;
}

/** An answer the node cannot read as what it relies on: quoted, never an empty result or a guess. */
export function unreadableAnswer(
	context: ApiContext,
	apiName: string,
	request: ApiRequest,
	response: Pick<ApiResponse, 'statusCode' | 'body'>,
	expected: string,
): NodeApiError {
	const { statusCode, body } = response;
	// An answer not of the documented shape comes from something other than the API at that URL.
	return nodeApiError(
		context,
		{ status: statusCode, answer: quoteAnswer(body, 2000) },
		`${apiName}'s answer to ${request.purpose} (HTTP ${statusCode}) is not ${expected}`,
		[
			`${apiName} answered: ${quoteAnswer(body)}.`,
			`Nothing that depends on this answer was done. ${request.method} ${request.path}`,
		],
		{
			itemIndex: request.itemIndex,
			httpCode: String(statusCode),
			failure: failureOf('configuration-invalid'),
		},
	);
}

/** The error for an answer the caller accepted (acceptStatuses) and then found to be a failure. */
export function errorForAcceptedAnswer(
	context: ApiContext,
	api: Api,
	request: ApiRequest,
	response: ApiResponse,
	policy: Pick<RetryPolicy, 'notSafeToRepeat'>,
): NodeApiError {
	const failure = { status: response.statusCode, headers: response.headers, body: response.body };
	return errorForStatus(context, api, request, failure, response.attempts, policy);
}

/**
 * An answer with an error status. The headline names the status and the call, and the API's words
 * when they fit; whether the call may have acted, the API's words and the hint open the description.
 */
export function errorForStatus(
	context: ApiContext,
	api: Api,
	request: ApiRequest,
	failure: HttpFailure,
	attempts: number,
	policy: Pick<RetryPolicy, 'notSafeToRepeat'>,
	extra?: string,
): NodeApiError {
	const { status } = failure;
	const said = apiErrorMessage(failure.body);
	const matches = (entry: Api['hints'][number]) =>
		entry.status === status &&
		(!entry.pathPrefix || request.path.startsWith(entry.pathPrefix)) &&
		(!entry.said || entry.said.test(said ?? ''));
	const acted = mayHaveActed({ status });
	const uncertain = policy.notSafeToRepeat && acted ? request.ifOutcomeUncertain : undefined;
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	let message = `${api.name} answered ${status} to ${request.purpose}${tries}`;
	if (uncertain) message += `; ${api.name} may have carried it out`;
	const saidInHeadline = said && !uncertain && message.length + said.length + 2 <= HEADLINE_MAX;
	const hint = api.hints.find((entry) => entry.hint && matches(entry))?.hint;
	const listed = api.hints.find((entry) => entry.cause && matches(entry))?.cause;
	const cause = listed === 'item-data' ? undefined : (listed ?? statusCause(status));
	const retryAfterMs = parseRetryAfter(failure.headers['retry-after'], Date.now());
	const body =
		typeof failure.body === 'object' && failure.body !== null
			? failure.body
			: { text: failure.body };
	return nodeApiError(
		context,
		{ status, body } as JsonObject,
		saidInHeadline ? `${message}: ${said}` : message,
		[
			uncertain,
			said && !saidInHeadline ? `${api.name} said: ${said}.` : undefined,
			hint,
			extra,
			`${request.method} ${request.path}`,
		],
		{
			itemIndex: request.itemIndex,
			httpCode: String(status),
			mayHaveActed: acted,
			failure: cause && failureOf(cause, retryAfterMs),
			cause: httpCause(failure),
		},
	);
}

/** A call that got no answer: refused by n8n itself, by the token request, or by the network. */
export function errorForNoAnswer(
	context: ApiContext,
	api: Api,
	request: ApiRequest,
	error: unknown,
	networkCode: string | undefined,
	attempts: number,
	policy: RetryPolicy,
): NodeApiError {
	const where = `${request.method} ${request.path}`;
	const itemIndex = request.itemIndex;
	// For WalkMe, the call that failed may have been the credential's token request.
	const explained = api.explainUnsent?.(error);
	const refusal = refusedByN8n(error);
	if (refusal) {
		const host = refusal.host ? ` (${refusal.host})` : '';
		return nodeApiError(
			context,
			{ message: refusal.reason, host: refusal.host ?? null, sent: false },
			`n8n's SSRF protection refused to send the request to ${api.name}; nothing was sent`,
			[
				explained && `${explained.message}.`,
				`n8n said: "${refusal.reason}". Nothing was sent to ${api.name}${host}. If the host is your`,
				`${api.name} host or your proxy, your n8n administrator can allow it with`,
				'N8N_SSRF_ALLOWED_HOSTNAMES (host names) or N8N_SSRF_ALLOWED_IP_RANGES (IP ranges).',
				where,
			],
			{ itemIndex, failure: failureOf('configuration-invalid') },
		);
	}
	const reason = [...causes(error)]
		.map(({ message }) => message)
		.filter((message): message is string => typeof message === 'string' && message !== '')
		.pop();
	const data = { message: reason ?? String(error), networkCode: networkCode ?? null };
	if (explained)
		return nodeApiError(context, data, explained.message, [explained.hint, where], {
			itemIndex,
			failure: explained.failure,
			cause: explained.error,
		});
	const acted = mayHaveActed({ networkCode });
	const uncertain = policy.notSafeToRepeat && acted ? request.ifOutcomeUncertain : undefined;
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	const message = uncertain
		? `${api.name} did not answer the request to ${request.purpose}; it may have carried it out`
		: `${api.name} could not be reached to ${request.purpose}${tries}`;
	return nodeApiError(context, data, message, [uncertain, `${data.message}.`, where], {
		itemIndex,
		mayHaveActed: acted,
		failure: failureOf(networkCause(networkCode)),
		cause: networkErrorCause(error, reason, networkCode),
	});
}
