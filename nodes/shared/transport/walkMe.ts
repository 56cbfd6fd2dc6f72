import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quoteAnswer, readNetworkCode, refusedByN8n } from './errors';
import type {
	Api,
	ApiContext,
	ApiRequest,
	ApiResponse,
	BaseUrlResolution,
	RetryPolicy,
} from './request';
import { DEFAULT_RETRY_POLICY, apiRequest, checkBaseUrl, oncePerContext } from './request';

export const WALKME_CREDENTIAL = 'walkMeOAuth2Api';

/** WalkMe's API hosts by data centre; `custom` covers other data centres, proxies and the emulator. */
export const WALKME_REGION_BASE_URLS: Readonly<Record<string, string>> = {
	us: 'https://api.walkme.com',
	eu: 'https://eu-api.walkme.com',
};

/** Where the client-credentials grant is sent. */
export const WALKME_CONNECT_PATH = '/accounts/connect/token';

/**
 * WalkMe API keys turn each API on separately (Admin Center → API Keys); a 403 names the one the
 * call needed. Matched by path prefix.
 */
export const WALKME_APIS: ReadonlyArray<{ pathPrefix: string; name: string; access: string }> = [
	{ pathPrefix: '/public/v1/user/system/', name: 'Segments API', access: 'Write and Read' },
	{ pathPrefix: '/public/v1/notifications/', name: 'Notifications API', access: 'Write' },
	{
		pathPrefix: '/public/v1/user/data',
		name: 'End User Update API',
		access: 'scope endUserUpdate:write',
	},
	{ pathPrefix: '/public/v1/activitylog', name: 'Activity Log API', access: 'Read' },
];

export interface WalkMeConnection {
	region?: unknown;
	baseUrl?: unknown;
}

/** Resolves the API base URL (no trailing slash) from the credential's region and custom URL. */
export function resolveWalkMeBaseUrl(credentials: WalkMeConnection): BaseUrlResolution {
	const region = typeof credentials.region === 'string' ? credentials.region : 'us';
	if (region !== 'custom') {
		const known = WALKME_REGION_BASE_URLS[region];
		return known ? { baseUrl: known } : { problem: `Unknown WalkMe region "${region}"` };
	}
	const raw = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	if (raw === '')
		return { problem: 'The WalkMe credential uses a custom region but has no Base URL' };
	return checkBaseUrl(raw, "The WalkMe credential's Base URL");
}

/**
 * The same resolution as an n8n expression, for the credential's Test request (which n8n resolves
 * from the credential's fields), built from the one region table above.
 */
export function walkMeBaseUrlExpression(): string {
	const regions = JSON.stringify(WALKME_REGION_BASE_URLS);
	return (
		`={{$credentials.region === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, ` +
		`"") : (${regions}[$credentials.region] || "${WALKME_REGION_BASE_URLS.us}")}}`
	);
}

const WALKME: Api = {
	credentialType: WALKME_CREDENTIAL,
	dialect: {
		name: 'WalkMe',
		explainStatus(status, request) {
			if (status !== 403) return undefined;
			const api = WALKME_APIS.find((entry) => request.path.startsWith(entry.pathPrefix));
			if (!api) return 'The API key may not be allowed to make this call.';
			return (
				`The API key may not have the ${api.name} turned on: in WalkMe's Admin ` +
				`Center → API Keys, edit the key and turn on ${api.name} (${api.access}).`
			);
		},
		explainUnsent(error) {
			return findTokenError(error)?.message;
		},
	},
	baseUrl: oncePerContext(async (context, itemIndex) => {
		const credentials = await context.getCredentials(WALKME_CREDENTIAL, itemIndex);
		const { baseUrl, problem } = resolveWalkMeBaseUrl(credentials);
		if (problem !== undefined)
			throw new NodeOperationError(context.getNode(), problem, { itemIndex });
		return baseUrl;
	}),
};

/** One request to a WalkMe API: base URL from the credential's region, Bearer token, retries. */
export async function walkMeApiRequest(
	this: ApiContext,
	request: ApiRequest,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<ApiResponse> {
	return await apiRequest(this, WALKME, request, policy);
}

// The token: the credential's preAuthentication calls walkMeTokenFor.

export type TokenFailureKind = 'configuration' | 'unreachable' | 'refused' | 'noToken' | 'blocked';

/**
 * Why WalkMe issued no token. Deliberately carries no HTTP response, and neither a `status`/`code`
 * property nor a system error code in its text: n8n treats an error with a 401 response as an
 * expired token (and would ask again with the same bad secret), and replaces a message it finds a
 * status or a code in with generic wording.
 */
export class WalkMeTokenError extends Error {
	readonly httpStatus?: number;

	constructor(
		message: string,
		readonly kind: TokenFailureKind,
		options: { httpStatus?: number; cause?: unknown } = {},
	) {
		super(message, { cause: options.cause });
		this.httpStatus = options.httpStatus;
		this.name = 'WalkMeTokenError';
	}
}

/** The token failure behind an error, wherever n8n's wrapping put it. */
export function findTokenError(error: unknown): WalkMeTokenError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		if (current instanceof WalkMeTokenError || (current as Error).name === 'WalkMeTokenError') {
			return current as WalkMeTokenError;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** The Authorization header of the client-credentials grant. */
export function basicAuthorization(credentials: ICredentialDataDecryptedObject): string {
	return `Basic ${Buffer.from(`${String(credentials.clientId ?? '')}:${String(credentials.clientSecret ?? '')}`).toString('base64')}`;
}

export const CLIENT_CREDENTIALS_GRANT = 'grant_type=client_credentials';

// Per process (one n8n, or one queue-mode worker): executions that start together all find the
// credential without a token, and n8n asks each of them to fetch one. Those asking at the same time
// share one request. n8n saves the token with the credential only after the request that fetched
// it, so a call that read the credential just before that save still finds no token: a token stays
// shared for a short while after it arrives, except with a call that holds it and was refused.
const SHARED_TOKEN_MS = 30_000;

interface SharedToken {
	pending: Promise<{ accessToken: string; scope: string }>;
	accessToken?: string;
	arrivedAt?: number;
}

const sharedTokens = new Map<string, SharedToken>();

function keyOf(credentials: ICredentialDataDecryptedObject): string {
	return createHash('sha256')
		.update(
			JSON.stringify([
				credentials.region,
				credentials.baseUrl,
				credentials.clientId,
				credentials.clientSecret,
			]),
		)
		.digest('hex');
}

/**
 * A token for the credential: at most one token request at a time per API key in this process, and
 * a token that arrived in the last seconds is handed to calls that found none, instead of a new one.
 */
export async function walkMeTokenFor(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string; scope: string }> {
	const key = keyOf(credentials);
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
		(token) => {
			fresh.accessToken = token.accessToken;
			fresh.arrivedAt = Date.now();
		},
		() => {
			if (sharedTokens.get(key) === fresh) sharedTokens.delete(key);
		},
	);
	return await fresh.pending;
}

/** Asks WalkMe for a token with the client-credentials grant; returns the token and its scope. */
export async function requestWalkMeToken(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string; scope: string }> {
	const { baseUrl, problem } = resolveWalkMeBaseUrl(credentials);
	if (problem !== undefined) throw new WalkMeTokenError(problem, 'configuration');
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
		throw describeTokenFailure(url, error);
	}
	const parsed = typeof answer.body === 'string' ? parseJson(answer.body) : answer.body;
	const accessToken = (parsed as { access_token?: unknown } | null)?.access_token;
	if (typeof accessToken !== 'string' || accessToken.trim() === '') {
		throw new WalkMeTokenError(
			`WalkMe's token endpoint (${url}) answered HTTP ${answer.statusCode ?? '?'} without an access_token: ${quoteAnswer(answer.body, 200)}`,
			'noToken',
			{ httpStatus: answer.statusCode },
		);
	}
	const scope = (parsed as { scope?: unknown }).scope;
	return { accessToken, scope: typeof scope === 'string' ? scope : '' };
}

function describeTokenFailure(url: string, error: unknown): WalkMeTokenError {
	// Kept as the cause, so the node's error can say n8n refused it: it has no response or code.
	if (refusedByN8n(error))
		return new WalkMeTokenError(`n8n refused to send the token request to ${url}`, 'blocked', {
			cause: error,
		});
	const response = (
		error as { response?: { status?: number; data?: unknown; body?: unknown } } | null
	)?.response;
	if (!response?.status) {
		return new WalkMeTokenError(
			`WalkMe's token endpoint ${url} could not be reached (${networkReason(error)}). Check the region (or the Base URL) of the credential.`,
			'unreachable',
		);
	}
	const raw = response.data ?? response.body;
	const data = typeof raw === 'string' ? parseJson(raw) : raw;
	let said = '';
	if (data && typeof data === 'object') {
		const {
			error: code,
			error_description: description,
			message,
		} = data as Record<string, unknown>;
		said = [code, description ?? message]
			.filter((part) => typeof part === 'string' && part !== '')
			.join(': ');
	} else if (typeof data === 'string' && data.trim() !== '') {
		said = quoteAnswer(data, 120);
	}
	const hint =
		response.status === 400 || response.status === 401 || response.status === 403
			? ' Check the client ID, the client secret and the region of the credential.'
			: '';
	return new WalkMeTokenError(
		`WalkMe did not issue a token (HTTP ${response.status}${said ? `, ${said}` : ''}).${hint}`,
		'refused',
		{ httpStatus: response.status },
	);
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

/** A network failure in words (see WalkMeTokenError for why not its code). */
function networkReason(error: unknown): string {
	const code = readNetworkCode(error);
	if (code && NETWORK_REASONS[code]) return NETWORK_REASONS[code];
	const message = error instanceof Error ? error.message : String(error);
	return (
		message
			.replace(/\b(getaddrinfo|E[A-Z_]{3,})\b/gi, '')
			.replace(/\s+/g, ' ')
			.trim() || 'no answer'
	);
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
