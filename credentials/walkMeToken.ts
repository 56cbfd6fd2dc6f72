import { createHash } from 'crypto';
import type { Failure, ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { quoteAnswer } from '../nodes/shared/errors';
import { readNetworkCode, refusedByN8n } from '../nodes/shared/transport/failures';
import { failureOf, parseRetryAfter, statusCause } from '../nodes/shared/failure';
import { WALKME_CONNECT_PATH, resolveWalkMeBaseUrl } from '../nodes/shared/transport/walkMe';

/**
 * Why WalkMe issued no token. It carries no HTTP response, status, code, nor a system error code in
 * its text: n8n treats an error with a 401 response as an expired token (and would ask again with
 * the same bad secret), and replaces a message holding a status or a code with generic words. The
 * node's transport finds it by name and uses its headline and hint. Its declared `failure` is what
 * n8n's scheduler reads instead: a refused key is the credential's fault, an outage passes.
 */
export class WalkMeTokenError extends Error {
	/** The message, which the credential's Test shows, is the headline and the hint together. */
	constructor(
		readonly headline: string,
		readonly failure: Failure,
		readonly hint?: string,
		cause?: unknown,
	) {
		super(hint ? `${headline}. ${hint}` : headline, { cause });
		this.name = 'WalkMeTokenError';
	}
}

/** The Authorization header of the client-credentials grant. */
export function basicAuthorization(credentials: ICredentialDataDecryptedObject): string {
	const pair = `${String(credentials.clientId ?? '')}:${String(credentials.clientSecret ?? '')}`;
	return `Basic ${Buffer.from(pair).toString('base64')}`;
}

export const CLIENT_CREDENTIALS_GRANT = 'grant_type=client_credentials';

// Per process (one n8n, or one queue-mode worker): executions that start together all find the
// credential without a token, and n8n asks each to fetch one; those asking at once share one
// request. n8n saves the token only after the request that fetched it, so a call that read the
// credential just before that save still finds none: a new token stays shared for a short while,
// except with a call that holds it and was refused.
const SHARED_TOKEN_MS = 30_000;

interface SharedToken {
	pending: Promise<{ accessToken: string; scope: string }>;
	accessToken?: string;
	arrivedAt?: number;
}

const sharedTokens = new Map<string, SharedToken>();

/** A token for the credential: at most one token request at a time per API key in this process. */
export async function walkMeTokenFor(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string; scope: string }> {
	const { region, baseUrl, clientId, clientSecret } = credentials;
	const key = createHash('sha256')
		.update(JSON.stringify([region, baseUrl, clientId, clientSecret]))
		.digest('hex');
	const shared = sharedTokens.get(key);
	const held = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
	if (
		shared &&
		(shared.accessToken === undefined ||
			(shared.accessToken !== held && Date.now() - (shared.arrivedAt ?? 0) < SHARED_TOKEN_MS))
	) {
		return await shared.pending;
	}
	const fresh: SharedToken = { pending: requestWalkMeToken(helpers, credentials) };
	sharedTokens.set(key, fresh);
	fresh.pending.then(
		(token) => Object.assign(fresh, { accessToken: token.accessToken, arrivedAt: Date.now() }),
		() => sharedTokens.get(key) === fresh && sharedTokens.delete(key),
	);
	return await fresh.pending;
}

/** Asks WalkMe for a token with the client-credentials grant; returns the token and its scope. */
export async function requestWalkMeToken(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string; scope: string }> {
	const { baseUrl, problem } = resolveWalkMeBaseUrl(credentials);
	if (problem !== undefined) throw new WalkMeTokenError(problem, failureOf('credential-invalid'));
	const url = `${baseUrl}${WALKME_CONNECT_PATH}`;
	let answer: { statusCode?: number; body?: unknown };
	try {
		answer = (await helpers.httpRequest({
			method: 'POST',
			url,
			headers: {
				Authorization: basicAuthorization(credentials),
				'Content-Type': 'application/x-www-form-urlencoded',
				Accept: 'application/json',
			},
			body: CLIENT_CREDENTIALS_GRANT,
			json: false,
			returnFullResponse: true,
		})) as { statusCode?: number; body?: unknown };
	} catch (error) {
		throw tokenRefusal(url, error);
	}
	const parsed = parseJson(answer.body) as { access_token?: unknown; scope?: unknown } | null;
	const accessToken = parsed?.access_token;
	if (typeof accessToken !== 'string' || accessToken.trim() === '') {
		// Something other than WalkMe's token endpoint answers at the credential's URL.
		throw new WalkMeTokenError(
			`WalkMe's token endpoint answered HTTP ${answer.statusCode ?? '?'} without an access_token`,
			failureOf('credential-invalid'),
			`${url} answered: ${quoteAnswer(answer.body, 200)}`,
		);
	}
	return { accessToken, scope: typeof parsed?.scope === 'string' ? parsed.scope : '' };
}

const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ENOTFOUND: 'no such host',
	EAI_AGAIN: 'the host name could not be looked up',
	ETIMEDOUT: 'no answer in time',
	ECONNABORTED: 'no answer in time',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

function tokenRefusal(url: string, error: unknown): WalkMeTokenError {
	// n8n's refusal stays the cause, so the node's error can say n8n refused it.
	if (refusedByN8n(error))
		return new WalkMeTokenError(
			`n8n refused to send the token request to ${url}`,
			failureOf('configuration-invalid'),
			undefined,
			error,
		);
	const response = (
		error as {
			response?: {
				status?: number;
				headers?: Record<string, unknown>;
				data?: unknown;
				body?: unknown;
			};
		}
	)?.response;
	if (!response?.status) {
		// In words, not the code (see WalkMeTokenError).
		const code = readNetworkCode(error);
		const message = error instanceof Error ? error.message : String(error);
		const reason =
			(code && NETWORK_REASONS[code]) ||
			message
				.replace(/\b(getaddrinfo|E[A-Z_]{3,})\b/gi, '')
				.replace(/\s+/g, ' ')
				.trim() ||
			'no answer';
		return new WalkMeTokenError(
			`WalkMe's token endpoint could not be reached (${reason})`,
			failureOf('temporarily-unavailable'),
			`Check the region (or the Base URL) of the credential: ${url}.`,
		);
	}
	const said = tokenEndpointSaid(response.data ?? response.body);
	// A refusal (400 invalid_client, 401, 403, or any other 4xx: not a token endpoint) is the
	// credential's; a 429 or 5xx passes, after the wait WalkMe asked for.
	const { status } = response;
	const passing = status === 429 || status >= 500 ? statusCause(status) : undefined;
	const retryAfterMs = parseRetryAfter(response.headers?.['retry-after'], Date.now());
	return new WalkMeTokenError(
		`WalkMe did not issue a token (HTTP ${status}${said ? `, ${said}` : ''})`,
		failureOf(passing ?? 'credential-invalid', retryAfterMs),
		[400, 401, 403].includes(status)
			? 'Check the client ID, the client secret and the region of the credential.'
			: undefined,
	);
}

/** What the token endpoint said, from an OAuth2 error body (`error: error_description`) or text. */
function tokenEndpointSaid(body: unknown): string {
	const data = parseJson(body);
	if (data && typeof data === 'object') {
		const { error, error_description: description, message } = data as Record<string, unknown>;
		return [error, description ?? message]
			.filter((part) => typeof part === 'string' && part !== '')
			.join(': ');
	}
	return typeof data === 'string' && data.trim() !== '' ? quoteAnswer(data, 120) : '';
}

function parseJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}
