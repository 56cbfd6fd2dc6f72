/** Where the Webchat Deep Link API lives below a workspace URL. */
export const DEEP_LINK_PATH = '/public/api/generate-webchat-deep-link';

export type WorkspaceResolution =
	| { baseUrl: string; problem?: undefined }
	| { baseUrl?: undefined; problem: string };

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The workspace URL (e.g. https://acme.cloud.opendialog.ai) without a trailing slash or
 * `/public/api`, which users often paste with it. https only: the API token travels with every
 * call; plain http is allowed for a workspace on this machine (a local OpenDialog, the emulator).
 */
export function resolveWorkspaceUrl(value: unknown): WorkspaceResolution {
	const raw = typeof value === 'string' ? value.trim() : '';
	if (raw === '') return { problem: 'The OpenDialog credential has no Workspace URL' };
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return { problem: `The OpenDialog credential's Workspace URL "${raw}" is not a URL` };
	}
	if (url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
		return {
			problem: `The OpenDialog credential's Workspace URL must start with https:// (got "${raw}"); plain http is allowed only for a workspace on this machine`,
		};
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return {
			problem: `The OpenDialog credential's Workspace URL must start with https:// (got "${raw}")`,
		};
	}
	return {
		baseUrl: raw
			.replace(/\/+$/, '')
			.replace(/\/public\/api$/i, '')
			.replace(/\/+$/, ''),
	};
}
