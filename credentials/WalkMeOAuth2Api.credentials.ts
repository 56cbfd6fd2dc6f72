import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { WALKME_CONNECT_PATH, resolveWalkMeBaseUrl } from '../nodes/shared/walkMeApi';

/**
 * WalkMe's public APIs use the OAuth2 client-credentials grant. The token is fetched by
 * preAuthentication into a hidden expirable field, so n8n stores it with the credential and reuses
 * it across items and executions, and fetches a new one when a call answers 401.
 */
export class WalkMeOAuth2Api implements ICredentialType {
	name = 'walkMeOAuth2Api';

	displayName = 'WalkMe OAuth2 API';

	documentationUrl = 'https://github.com/n8n-nodes-walkme/n8n-nodes-walkme#credentials';

	icon = { light: 'file:icons/walkme.svg', dark: 'file:icons/walkme.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'US (api.walkme.com)', value: 'us' },
				{ name: 'EU (eu-api.walkme.com)', value: 'eu' },
				{ name: 'Custom', value: 'custom', description: 'Another data centre, a proxy, or the local emulator' },
			],
			default: 'us',
			description: 'The WalkMe data centre your account lives in',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://api.walkme.com',
			description: 'Base URL of the WalkMe API, without a trailing path',
			displayOptions: { show: { region: ['custom'] } },
			required: true,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'From Admin Center → API Keys → Create new Key (turn on the APIs you need)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown once, when the API key is created',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const { baseUrl, problem } = resolveWalkMeBaseUrl(credentials);
		if (problem !== undefined) throw new Error(problem);
		const url = `${baseUrl}${WALKME_CONNECT_PATH}`;
		const basic = Buffer.from(`${String(credentials.clientId)}:${String(credentials.clientSecret)}`).toString(
			'base64',
		);
		let answer: unknown;
		try {
			answer = await this.helpers.httpRequest({
				method: 'POST',
				url,
				headers: {
					Authorization: `Basic ${basic}`,
					'Content-Type': 'application/x-www-form-urlencoded',
					Accept: 'application/json',
				},
				body: 'grant_type=client_credentials',
				json: false,
			});
		} catch (error) {
			// Rethrown without the HTTP response on purpose: n8n would otherwise treat a 401 from the
			// token endpoint as an expired token and ask for another one with the same bad secret.
			throw new Error(describeTokenFailure(url, error));
		}
		const parsed = typeof answer === 'string' ? (JSON.parse(answer) as unknown) : answer;
		const accessToken = (parsed as { access_token?: unknown } | null)?.access_token;
		if (typeof accessToken !== 'string' || accessToken === '') {
			throw new Error(`WalkMe's token endpoint (${url}) answered without an access_token`);
		}
		return { accessToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	// The Segments API has no endpoint that needs no system, so the Test lists the segments of the
	// nil system: it proves the token was issued (preAuthentication) and accepted by the API.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.region === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : ($credentials.region === "eu" ? "https://eu-api.walkme.com" : "https://api.walkme.com")}}',
			url: '/public/v1/user/system/00000000-0000-0000-0000-000000000000/segment',
			method: 'GET',
		},
	};
}

function describeTokenFailure(url: string, error: unknown): string {
	const response = (error as { response?: { status?: number; data?: unknown } } | null)?.response;
	if (!response?.status) {
		const reason = error instanceof Error ? error.message : String(error);
		return `Could not reach WalkMe's token endpoint ${url}: ${reason}`;
	}
	let detail = '';
	const data = typeof response.data === 'string' ? safeJson(response.data) : response.data;
	if (data && typeof data === 'object') {
		const { error: code, error_description: description, message } = data as Record<string, unknown>;
		detail = [code, description ?? message].filter((part) => typeof part === 'string').join(': ');
	}
	const hint =
		response.status === 400 || response.status === 401
			? ' Check the client ID, the client secret and the region.'
			: '';
	return `WalkMe did not issue a token (HTTP ${response.status}${detail ? `, ${detail}` : ''}).${hint}`;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
