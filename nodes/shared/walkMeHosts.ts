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
];

export interface WalkMeConnection {
	region?: unknown;
	baseUrl?: unknown;
}

export type BaseUrlResolution =
	| { baseUrl: string; problem?: undefined }
	| { baseUrl?: undefined; problem: string };

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
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return { problem: `The WalkMe credential's Base URL "${raw}" is not a URL` };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { problem: `The WalkMe credential's Base URL must start with https:// (got "${raw}")` };
	}
	return { baseUrl: raw.replace(/\/+$/, '') };
}

/**
 * The same resolution as an n8n expression, for the credential's Test request (which n8n resolves
 * from the credential's fields), built from the one region table above.
 */
export function walkMeBaseUrlExpression(): string {
	const regions = JSON.stringify(WALKME_REGION_BASE_URLS);
	return `={{$credentials.region === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : (${regions}[$credentials.region] || "${WALKME_REGION_BASE_URLS.us}")}}`;
}
