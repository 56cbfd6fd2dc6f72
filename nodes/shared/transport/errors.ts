import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiContext, ApiDialect, ApiRequest, ApiResponse, RetryPolicy } from './request';

export interface HttpFailure {
	status: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/**
 * Whether a call that failed with this error may still have been carried out by the server (an
 * answer of 500/502/504, a timeout, a reset connection), as the transport judged it when it failed
 * and wrote on the error's context (which n8n carries to any error that wraps it).
 */
export function outcomeUncertain(error: unknown): boolean {
	const context = (error as { context?: { mayHaveActed?: unknown } } | null)?.context;
	return context?.mayHaveActed === true;
}

/** The status, headers and body of a failed HTTP call, wherever n8n's error wrapping put them. */
export function readHttpFailure(error: unknown): HttpFailure | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const response = (
			current as {
				response?: { status?: unknown; headers?: unknown; data?: unknown; body?: unknown };
			}
		).response;
		if (response && typeof response.status === 'number') {
			return {
				status: response.status,
				headers: (response.headers as Record<string, unknown>) ?? {},
				body: response.data ?? response.body,
			};
		}
		current = (current as { cause?: unknown }).cause;
	}
	// n8n 1.x drops the HTTP error it wraps (its error class redeclares `cause`), keeping only the
	// status and the answer's data on its NodeApiError; the headers (Retry-After) are lost there.
	const wrapped = error as {
		httpCode?: unknown;
		context?: { data?: unknown };
		description?: unknown;
	} | null;
	if (wrapped && typeof wrapped.httpCode === 'string' && /^\d{3}$/.test(wrapped.httpCode)) {
		return {
			status: Number(wrapped.httpCode),
			headers: {},
			body: wrapped.context?.data ?? wrapped.description,
		};
	}
	return undefined;
}

const NETWORK_CODE = /^E[A-Z_]+$/;

/** The system error code (ECONNREFUSED, ECONNRESET, ETIMEDOUT…) of a call that got no answer. */
export function readNetworkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && NETWORK_CODE.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	// n8n 1.x's NodeApiError drops the error it wraps (see readHttpFailure) but files the code it
	// found under httpCode, and keeps the original message ("connect ECONNREFUSED …") in messages.
	const wrapped = error as { httpCode?: unknown; messages?: unknown } | null;
	if (wrapped && typeof wrapped.httpCode === 'string' && NETWORK_CODE.test(wrapped.httpCode))
		return wrapped.httpCode;
	if (wrapped && Array.isArray(wrapped.messages)) {
		for (const message of wrapped.messages) {
			const found =
				typeof message === 'string'
					? /\b(E(?:CONNREFUSED|CONNRESET|TIMEDOUT|NOTFOUND|HOSTUNREACH|NETUNREACH|AI_AGAIN|PIPE))\b/.exec(
							message,
						)
					: null;
			if (found) return found[1];
		}
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
	const fields = fieldErrors(record.errors);
	if (fields)
		return typeof record.message === 'string' && record.message.trim() !== ''
			? `${record.message} ${fields}`
			: fields;
	for (const key of ['message', 'error_description', 'detail', 'title', 'error', 'errorMessage']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim() !== '') return value;
		if (value && typeof value === 'object' && !Array.isArray(value)) {
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

/** Field errors as Laravel-style APIs give them ({"dataset": ["Maximum number of users is 100"]}), as one line. */
function fieldErrors(errors: unknown): string | undefined {
	if (!errors || typeof errors !== 'object' || Array.isArray(errors)) return undefined;
	const parts = Object.entries(errors as Record<string, unknown>).map(([field, messages]) => {
		const text = Array.isArray(messages)
			? messages.filter((m) => typeof m === 'string').join(' ')
			: String(messages);
		return `${field}: ${text}`;
	});
	return parts.length > 0 ? parts.join('; ') : undefined;
}

/** A bounded, one-line quote of an answer for an error message. */
export function quoteAnswer(body: unknown, max = 300): string {
	let text: string;
	if (body === undefined) text = '(no body)';
	else if (typeof body === 'string') text = body === '' ? '(empty body)' : body;
	else {
		try {
			text = JSON.stringify(body) ?? String(body);
		} catch {
			text = String(body);
		}
	}
	text = text.replace(/\s+/g, ' ').trim();
	return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** What n8n said when it refused to send a request itself, and the host it refused. */
export interface N8nRefusal {
	reason: string;
	host?: string;
}

/**
 * n8n's own refusal to send a request (its SSRF protection: a blocked IP range or host name),
 * wherever n8n's wrapping put it. Nothing reached the API.
 */
export function refusedByN8n(error: unknown): N8nRefusal | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
		const { name, message, hostname, ip } = current as Record<string, unknown>;
		if (
			(typeof name === 'string' && name.startsWith('Ssrf')) ||
			(typeof message === 'string' && message.startsWith('The request was blocked because'))
		) {
			const host = [hostname, ip].find((part) => typeof part === 'string' && part !== '');
			return { reason: String(message), host: host as string | undefined };
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** The description of a request n8n refused to send: what n8n said, and the settings that allow a host. */
export function describeRefusal(refusal: N8nRefusal, apiName: string): string {
	const host = refusal.host ? ` (${refusal.host})` : '';
	return (
		`n8n said: "${refusal.reason}". Nothing was sent to ${apiName}${host}. If the host is your ` +
		`${apiName} host or your proxy, your n8n administrator can allow it with ` +
		'N8N_SSRF_ALLOWED_HOSTNAMES (host names) or N8N_SSRF_ALLOWED_IP_RANGES (IP ranges).'
	);
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

/**
 * An answer the node cannot read as what it relies on: an error quoting (a bounded part of) the
 * answer with its status, never an empty result or a guess.
 */
export function unreadableAnswer(
	context: ApiContext,
	apiName: string,
	request: ApiRequest,
	response: Pick<ApiResponse, 'statusCode' | 'body'>,
	expected: string,
): NodeApiError {
	return new NodeApiError(
		context.getNode(),
		{ status: response.statusCode, answer: quoteAnswer(response.body, 2000) } as JsonObject,
		{
			message: `${apiName}'s answer to ${request.purpose} (HTTP ${response.statusCode}) is not ${expected}: ${quoteAnswer(response.body)}`,
			description: `Nothing that depends on this answer was done. ${request.method} ${request.path}`,
			httpCode: String(response.statusCode),
			itemIndex: request.itemIndex,
		},
	);
}

/** The error for an answer the caller accepted (acceptStatuses) and then found to be a failure. */
export function answeredError(
	context: ApiContext,
	dialect: ApiDialect,
	request: ApiRequest,
	response: Pick<ApiResponse, 'statusCode' | 'body' | 'attempts'>,
	policy: RetryPolicy,
): NodeApiError {
	return apiError(
		context,
		dialect,
		request,
		{ status: response.statusCode, headers: {}, body: response.body },
		response.attempts,
		policy,
	);
}

export function apiError(
	context: ApiContext,
	dialect: ApiDialect,
	request: ApiRequest,
	failure: HttpFailure,
	attempts: number,
	policy: RetryPolicy,
	extra?: string,
): NodeApiError {
	const said = apiErrorMessage(failure.body);
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	const explained = dialect.explainStatus?.(failure.status, request, said);
	const uncertain =
		policy.notSafeToRepeat && mayHaveActed({ status: failure.status })
			? request.ifOutcomeUncertain
			: undefined;
	const message = `${dialect.name} answered ${failure.status} to ${request.purpose}${tries}${said ? `: ${said}` : ''}`;
	const body =
		typeof failure.body === 'object' && failure.body !== null
			? failure.body
			: { text: failure.body };
	const fullMessage = uncertain
		? `${message}${/[.!?]$/.test(message) ? '' : '.'} ${uncertain}`
		: message;
	const failed = new NodeApiError(
		context.getNode(),
		{ status: failure.status, body } as JsonObject,
		{
			message: fullMessage,
			description: [explained, extra, `${request.method} ${request.path}`]
				.filter(Boolean)
				.join(' '),
			httpCode: String(failure.status),
			itemIndex: request.itemIndex,
		},
	);
	if (mayHaveActed({ status: failure.status })) failed.context.mayHaveActed = true;
	return keepMessage(failed, fullMessage);
}

export function unansweredError(
	context: ApiContext,
	dialect: ApiDialect,
	request: ApiRequest,
	error: unknown,
	networkCode: string | undefined,
	attempts: number,
	policy: RetryPolicy,
): NodeApiError {
	const refusal = refusedByN8n(error);
	if (refusal) {
		// For WalkMe, the refused request may have been the credential's token request.
		const step = dialect.explainUnsent?.(error);
		const message = `n8n's SSRF protection refused to send the request to ${dialect.name}; nothing was sent`;
		const refused = new NodeApiError(
			context.getNode(),
			{ message: refusal.reason, host: refusal.host ?? null, sent: false } as JsonObject,
			{
				message,
				description: `${step ? `${step}. ` : ''}${describeRefusal(refusal, dialect.name)} ${request.method} ${request.path}`,
				itemIndex: request.itemIndex,
			},
		);
		return keepMessage(refused, message);
	}
	const explained = dialect.explainUnsent?.(error);
	const reason = describeError(error);
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	let message =
		explained ?? `${dialect.name} could not be reached to ${request.purpose}${tries}: ${reason}`;
	const uncertain =
		explained === undefined && policy.notSafeToRepeat && mayHaveActed({ networkCode })
			? request.ifOutcomeUncertain
			: undefined;
	if (uncertain)
		message = `${dialect.name} did not answer the request to ${request.purpose} (${reason}). ${uncertain}`;
	const unanswered = new NodeApiError(
		context.getNode(),
		{ message: reason, networkCode: networkCode ?? null } as JsonObject,
		{
			message,
			description: `${request.method} ${request.path}`,
			itemIndex: request.itemIndex,
		},
	);
	if (explained === undefined && mayHaveActed({ networkCode }))
		unanswered.context.mayHaveActed = true;
	return keepMessage(unanswered, message);
}

/** NodeApiError replaces a message that mentions a network code with a generic one; ours says more. */
function keepMessage(error: NodeApiError, message: string): NodeApiError {
	error.message = message;
	return error;
}

function describeError(error: unknown): string {
	let current: unknown = error;
	const parts: string[] = [];
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const message = (current as { message?: unknown }).message;
		if (typeof message === 'string' && message !== '' && !parts.includes(message))
			parts.push(message);
		current = (current as { cause?: unknown }).cause;
	}
	return parts[parts.length - 1] ?? String(error);
}
