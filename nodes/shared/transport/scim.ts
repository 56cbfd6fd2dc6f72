import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { settingError } from '../errors';
import { errorForAcceptedAnswer } from './failures';
import type { Api, ApiContext, ApiRequest, ApiResponse, RetryPolicy } from './types';
import { DEFAULT_RETRY_POLICY, apiRequest, checkBaseUrl } from './request';

export const SCIM_CREDENTIAL = 'walkMeScimApi';

/** RFC 7644 §3.1: SCIM's own media type, which every service provider accepts. */
const SCIM_MEDIA_TYPE = 'application/scim+json';

/** What is wrong with a SCIM credential before anything is sent, or undefined when nothing is. */
function credentialProblem(credentials: ICredentialDataDecryptedObject): string | undefined {
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	if (credentials.authentication === 'bearer')
		return text(credentials.token) === '' ? 'The WalkMe SCIM credential has no Token' : undefined;
	if (text(credentials.username) === '') return 'The WalkMe SCIM credential has no Username';
	if (text(credentials.password) === '') return 'The WalkMe SCIM credential has no Password';
	return undefined;
}

/**
 * The Authorization header of a SCIM request to `url`. An empty secret, or plain http to a host
 * other than this machine (the secret travels with every call), throws instead: nothing is sent.
 */
export function scimAuthorization(
	credentials: ICredentialDataDecryptedObject,
	url: string,
): string {
	const problem =
		credentialProblem(credentials) ??
		checkBaseUrl(url, 'The SCIM Base URL', 'a SCIM service').problem;
	if (problem !== undefined) throw new Error(problem);
	if (credentials.authentication === 'bearer') return `Bearer ${String(credentials.token).trim()}`;
	const pair = `${String(credentials.username).trim()}:${String(credentials.password)}`;
	return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

/** The credential's SCIM base URL, checked, once its secret is known not to be empty. */
async function scimBaseUrl(context: ApiContext, itemIndex: number): Promise<string> {
	const credentials = await context.getCredentials(SCIM_CREDENTIAL, itemIndex);
	const raw = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	const problem =
		credentialProblem(credentials) ??
		(raw === '' ? 'The WalkMe SCIM credential has no SCIM Base URL' : undefined) ??
		checkBaseUrl(raw, 'The SCIM Base URL', 'a SCIM service').problem;
	if (problem !== undefined) {
		throw settingError(context.getNode(), problem, 'credential-invalid', {
			itemIndex,
			description:
				"Copy the SCIM base URL and the credentials from the SCIM integration in WalkMe's Admin Center.",
		});
	}
	return raw.replace(/\/+$/, '');
}

const SCIM: Api = {
	name: 'WalkMe SCIM',
	credentialType: SCIM_CREDENTIAL,
	baseUrl: scimBaseUrl,
	mediaType: SCIM_MEDIA_TYPE,
	hints: [
		{
			status: 401,
			hint: "WalkMe refused the SCIM credentials: copy them again from the SCIM integration in WalkMe's Admin Center.",
		},
		{
			status: 403,
			hint: 'The SCIM integration may not do this: ask a WalkMe admin to check its permissions.',
		},
		...['/Users/', '/Groups/'].map((pathPrefix) => ({
			status: 404,
			pathPrefix,
			hint: 'WalkMe has no user or group with this ID (deleted, or an ID from another account).',
		})),
		// A group is named by the node's Group parameter; a user ID usually comes from an item.
		{ status: 404, pathPrefix: '/Groups/', cause: 'configuration-invalid' },
		{ status: 404, pathPrefix: '/Users/', cause: 'item-data' },
		{
			status: 404,
			hint: 'Check the SCIM Base URL of the credential: no SCIM service there.',
			cause: 'configuration-invalid',
		},
		{
			status: 409,
			pathPrefix: '/Groups',
			hint: 'A WalkMe group has this name already: pick another name, or use the group’s ID.',
		},
		{
			status: 409,
			hint: 'A WalkMe user has this userName already: use Create or Update, or Update with the user’s ID.',
		},
	],
};

/** One request to WalkMe's SCIM service provider, below the credential's SCIM base URL. */
export async function scimApiRequest(
	this: ApiContext,
	request: ApiRequest,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<ApiResponse> {
	return await apiRequest(this, SCIM, request, policy);
}

/** The error for an answer scimApiRequest returned because the caller accepted its status. */
export function scimError(context: ApiContext, request: ApiRequest, response: ApiResponse) {
	return errorForAcceptedAnswer(context, SCIM, request, response, DEFAULT_RETRY_POLICY);
}
