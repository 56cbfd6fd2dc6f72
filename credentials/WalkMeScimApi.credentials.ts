import type {
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { scimAuthorization } from '../nodes/shared/transport/scim';

/**
 * A SCIM integration of WalkMe's Admin Center (SCIM Integration → Create SCIM Integration): its
 * regional base URL and either the Basic credentials or the Bearer token it shows once.
 */
export class WalkMeScimApi implements ICredentialType {
	name = 'walkMeScimApi';

	displayName = 'WalkMe SCIM API';

	documentationUrl =
		'https://github.com/n8n-nodes-walkme/n8n-nodes-walkme#walkme-scim-api-walkmescimapi';

	icon = {
		light: 'file:../nodes/icons/walkme.svg',
		dark: 'file:../nodes/icons/walkme.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName: 'SCIM Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://papi-ca1.walkmedap.com/deepui/api/scim/v2',
			description:
				"The SCIM base URL WalkMe's Admin Center shows for the SCIM integration (it depends on your region)",
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Basic (Username and Password)', value: 'basic' },
				{ name: 'Bearer Token', value: 'bearer' },
			],
			default: 'basic',
			description: 'What the SCIM integration was created with',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['basic'] } },
			description: 'Shown once, when the SCIM integration is created',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['bearer'] } },
			description: 'Shown once, when the SCIM integration is created',
		},
	];

	/** Basic or Bearer, as chosen; an empty secret or a plain-http host elsewhere is refused, never sent. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: scimAuthorization(
					credentials,
					`${requestOptions.baseURL ?? ''}${requestOptions.url}`,
				),
			},
		};
	}

	// Reads what the provider supports: it changes nothing, and any working integration may read it.
	// The answer is read whatever its status (n8n 1.x reports a 401 in its own words otherwise):
	// SCIM's error body names the status, and a ServiceProviderConfig always lists its schemas.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl).trim().replace(/\\/+$/, "") }}',
			url: '/ServiceProviderConfig',
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...SCIM_STATUS_RULES,
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'schemas',
					value: undefined,
					message:
						"No SCIM service answered at this SCIM Base URL: copy the URL from the SCIM integration in WalkMe's Admin Center",
				},
			},
		],
	};
}

/** SCIM's error body gives the status as text (RFC 7644 §3.12); some providers send a number. */
const SCIM_STATUS_RULES: IAuthenticateRuleResponseSuccessBody[] = [
	[
		401,
		"WalkMe refused the SCIM credentials (HTTP 401): copy them again from the SCIM integration in WalkMe's Admin Center",
	],
	[
		403,
		'WalkMe accepted the credentials but this SCIM integration may not read (HTTP 403): ask a WalkMe admin to check it',
	],
].flatMap(([status, message]) =>
	[String(status), status].map((value) => ({
		type: 'responseSuccessBody',
		properties: { key: 'status', value, message: message as string },
	})),
);
