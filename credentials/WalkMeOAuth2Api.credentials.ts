import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { WALKME_CONNECT_PATH, walkMeBaseUrlExpression } from '../nodes/shared/transport/walkMe';
import { CLIENT_CREDENTIALS_GRANT, basicAuthorization, walkMeTokenFor } from './walkMeToken';

/**
 * WalkMe's public APIs use the OAuth2 client-credentials grant. The token is fetched by
 * preAuthentication into a hidden expirable field, so n8n stores it with the credential and reuses
 * it across items and executions, and fetches a new one when a call answers 401.
 */
export class WalkMeOAuth2Api implements ICredentialType {
	name = 'walkMeOAuth2Api';

	displayName = 'WalkMe OAuth2 API';

	documentationUrl = 'https://github.com/n8n-nodes-walkme/n8n-nodes-walkme#credentials';

	icon = {
		light: 'file:../nodes/icons/walkme.svg',
		dark: 'file:../nodes/icons/walkme.dark.svg',
	} as const;

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
				{
					name: 'Custom',
					value: 'custom',
					description: 'Another data centre, a proxy, or the local emulator',
				},
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
		const { accessToken } = await walkMeTokenFor(this.helpers, credentials);
		return { accessToken };
	}

	/** Bearer token on API calls; the client's own Basic credentials on the token request (the Test). */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const url = `${requestOptions.baseURL ?? ''}${requestOptions.url}`;
		if (url.endsWith(WALKME_CONNECT_PATH)) {
			return {
				...requestOptions,
				headers: {
					...requestOptions.headers,
					Authorization: basicAuthorization(credentials),
					'Content-Type': 'application/x-www-form-urlencoded',
				},
				body: CLIENT_CREDENTIALS_GRANT,
			};
		}
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
			},
		};
	}

	// WalkMe has no API that every key may call (each API is turned on per key), so the Test asks
	// for a token with the client ID and secret: it passes for a key with any API turned on and
	// fails, with WalkMe's reason, for a wrong secret, ID or region.
	test: ICredentialTestRequest = {
		request: {
			baseURL: walkMeBaseUrlExpression(),
			url: WALKME_CONNECT_PATH,
			method: 'POST',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'WalkMe refused the client ID and secret (HTTP 401). Check them and the region.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message:
						'WalkMe refused the token request (HTTP 400). Check the client ID, the client secret and the region.',
				},
			},
		],
	};
}
