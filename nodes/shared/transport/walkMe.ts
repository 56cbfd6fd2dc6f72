import type { Failure } from 'n8n-workflow';

import { causes, settingError } from '../errors';
import type {
	Api,
	ApiContext,
	ApiRequest,
	ApiResponse,
	BaseUrlResolution,
	RetryPolicy,
	UnsentExplained,
} from './types';
import { DEFAULT_RETRY_POLICY, apiRequest, checkBaseUrl } from './request';

export const WALKME_CREDENTIAL = 'walkMeOAuth2Api';

/** WalkMe's API hosts by data centre; `custom` covers other data centres, proxies and the emulator. */
export const WALKME_REGION_BASE_URLS: Readonly<Record<string, string>> = {
	us: 'https://api.walkme.com',
	eu: 'https://eu-api.walkme.com',
};

/** Where the client-credentials grant is sent. */
export const WALKME_CONNECT_PATH = '/accounts/connect/token';

/** Resolves the API base URL (no trailing slash) from the credential's region and custom URL. */
export function resolveWalkMeBaseUrl(credentials: {
	region?: unknown;
	baseUrl?: unknown;
}): BaseUrlResolution {
	const region = typeof credentials.region === 'string' ? credentials.region : 'us';
	if (region !== 'custom') {
		const regionUrl = WALKME_REGION_BASE_URLS[region];
		return regionUrl ? { baseUrl: regionUrl } : { problem: `Unknown WalkMe region "${region}"` };
	}
	const raw = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	if (raw === '')
		return { problem: 'The WalkMe credential uses a custom region but has no Base URL' };
	return checkBaseUrl(raw, "The WalkMe credential's Base URL");
}

/** The same resolution as an n8n expression, for the credential's Test request. */
export function walkMeBaseUrlExpression(): string {
	const regions = JSON.stringify(WALKME_REGION_BASE_URLS);
	return (
		`={{$credentials.region === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, ` +
		`"") : (${regions}[$credentials.region] || "${WALKME_REGION_BASE_URLS.us}")}}`
	);
}

/** WalkMe API keys turn each API on separately (Admin Center → API Keys); a 403 names the one needed. */
const KEY_APIS = [
	{ pathPrefix: '/public/v1/user/system/', api: 'Segments API', access: 'Write and Read' },
	{ pathPrefix: '/public/v1/notifications/', api: 'Notifications API', access: 'Write' },
	{
		pathPrefix: '/public/v1/user/data',
		api: 'End User Update API',
		access: 'scope endUserUpdate:write',
	},
	{ pathPrefix: '/public/v1/activitylog', api: 'Activity Log API', access: 'Read' },
];

/** The token failure behind an error (see credentials/walkMeToken.ts), wherever n8n's wrapping put it. */
function tokenFailure(error: unknown): UnsentExplained | undefined {
	for (const tokenError of causes(error)) {
		const { name, headline, hint, failure } = tokenError;
		if (name === 'WalkMeTokenError' && typeof headline === 'string')
			return {
				message: headline,
				hint: typeof hint === 'string' ? hint : undefined,
				failure: failure as Failure | undefined,
				error: tokenError as unknown as Error,
			};
	}
	return undefined;
}

const WALKME: Api = {
	name: 'WalkMe',
	credentialType: WALKME_CREDENTIAL,
	hints: [
		...KEY_APIS.map(({ pathPrefix, api, access }) => ({
			status: 403,
			pathPrefix,
			hint: `The API key may not have the ${api} turned on: in WalkMe's Admin Center → API Keys, edit the key and turn on ${api} (${access}).`,
		})),
		{ status: 403, hint: 'The API key may not be allowed to make this call.' },
		// The system and segment are the node's parameters: an unknown one is its configuration.
		{ status: 404, pathPrefix: '/public/v1/user/system/', cause: 'configuration-invalid' },
	],
	explainUnsent: tokenFailure,
	async baseUrl(context, itemIndex) {
		const credentials = await context.getCredentials(WALKME_CREDENTIAL, itemIndex);
		const { baseUrl, problem } = resolveWalkMeBaseUrl(credentials);
		if (problem !== undefined)
			throw settingError(context.getNode(), problem, 'credential-invalid', { itemIndex });
		return baseUrl;
	},
};

/** One request to a WalkMe API: base URL from the credential's region, Bearer token, retries. */
export async function walkMeApiRequest(
	this: ApiContext,
	request: ApiRequest,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<ApiResponse> {
	return await apiRequest(this, WALKME, request, policy);
}
