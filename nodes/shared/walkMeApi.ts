/** WalkMe's API hosts by data centre; `custom` covers other data centres, proxies and the emulator. */
export const WALKME_REGION_BASE_URLS: Record<string, string> = {
	us: 'https://api.walkme.com',
	eu: 'https://eu-api.walkme.com',
};

export const WALKME_TOKEN_PATH = '/accounts/connect/token';

export interface WalkMeConnection {
	region?: unknown;
	baseUrl?: unknown;
}

/** Resolves the API base URL (no trailing slash) from the credential's region and custom URL. */
export function walkMeBaseUrl(credentials: WalkMeConnection): string {
	const region = typeof credentials.region === 'string' ? credentials.region : 'us';
	if (region !== 'custom') {
		const known = WALKME_REGION_BASE_URLS[region];
		if (!known) throw new Error(`Unknown WalkMe region "${region}"`);
		return known;
	}
	const raw = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	if (raw === '') throw new Error('The WalkMe credential uses a custom region but has no Base URL');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new Error(`The WalkMe credential's Base URL "${raw}" is not a URL`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new Error(`The WalkMe credential's Base URL must start with https:// (got "${raw}")`);
	}
	return raw.replace(/\/+$/, '');
}
