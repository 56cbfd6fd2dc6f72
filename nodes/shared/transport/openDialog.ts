import { settingError } from '../errors';
import { errorForAcceptedAnswer } from './failures';
import type {
	Api,
	ApiContext,
	ApiRequest,
	ApiResponse,
	BaseUrlResolution,
	RetryPolicy,
} from './types';
import { NOT_SAFE_TO_REPEAT_POLICY, apiRequest, baseUrlOf, checkBaseUrl } from './request';

export const OPENDIALOG_CREDENTIAL = 'openDialogApi';

/** Where the Webchat Deep Link API lives below a workspace URL. */
export const DEEP_LINK_PATH = '/public/api/generate-webchat-deep-link';

/**
 * The workspace URL (e.g. https://acme.cloud.opendialog.ai) without a trailing slash or the
 * `/public/api` users often paste with it. https only, as the API token travels with every call;
 * plain http only for a workspace on this machine (a local OpenDialog, the emulator).
 */
export function resolveWorkspaceUrl(value: unknown): BaseUrlResolution {
	const raw = typeof value === 'string' ? value.trim() : '';
	if (raw === '') return { problem: 'The OpenDialog credential has no Workspace URL' };
	const checked = checkBaseUrl(raw, "The OpenDialog credential's Workspace URL", 'a workspace');
	if (checked.problem !== undefined) return checked;
	return { baseUrl: checked.baseUrl.replace(/\/public\/api$/i, '').replace(/\/+$/, '') };
}

const OPENDIALOG: Api = {
	name: 'OpenDialog',
	credentialType: OPENDIALOG_CREDENTIAL,
	hints: [
		{
			status: 401,
			hint: "OpenDialog refused the API token: copy it again from the workspace's Identity & Security page into the credential.",
		},
		// The workspace URL and the scenario are the node's settings, not an item's data.
		{ status: 404, cause: 'configuration-invalid' },
		{ status: 422, said: /scenario/i, cause: 'configuration-invalid' },
		{
			status: 404,
			said: /fullpage|full-page|full page/i,
			hint:
				'The workspace does not serve full-page webchat, which deep links open: turn on the full-page webchat ' +
				"for the scenario's interface in OpenDialog (or ask the workspace's administrator), then try again.",
		},
		{
			status: 404,
			hint: 'Check the Workspace URL of the credential: OpenDialog has no deep-link API there.',
		},
		{
			status: 422,
			said: /scenario/i,
			hint: 'Check the Scenario ID: it must be the ID of a scenario of this workspace.',
		},
		{
			status: 500,
			hint:
				'OpenDialog failed while generating the links; it may have created some user contexts. ' +
				'Try again later, or ask OpenDialog support.',
		},
	],
	// An empty token could only be refused, so it is refused before anything is sent.
	async baseUrl(context, itemIndex) {
		const credentials = await context.getCredentials(OPENDIALOG_CREDENTIAL, itemIndex);
		if (typeof credentials.apiToken !== 'string' || credentials.apiToken.trim() === '') {
			throw settingError(
				context.getNode(),
				'The OpenDialog credential has no API Token',
				'credential-invalid',
				{
					itemIndex,
					description:
						"Copy the API token from the workspace's Identity & Security page into the credential.",
				},
			);
		}
		const { baseUrl, problem } = resolveWorkspaceUrl(credentials.baseUrl);
		if (problem !== undefined)
			throw settingError(context.getNode(), problem, 'credential-invalid', { itemIndex });
		return baseUrl;
	},
};

/** Checks the credential (token and workspace URL) before anything is sent. */
export async function checkOpenDialogCredential(context: ApiContext): Promise<void> {
	await baseUrlOf(context, OPENDIALOG);
}

/**
 * One request to an OpenDialog workspace. Generating links creates user contexts, so by default a
 * call is repeated only where OpenDialog cannot have acted (429, 503, a refused connection).
 */
export async function openDialogApiRequest(
	this: ApiContext,
	request: ApiRequest,
	policy: RetryPolicy = NOT_SAFE_TO_REPEAT_POLICY,
): Promise<ApiResponse> {
	return await apiRequest(this, OPENDIALOG, request, policy);
}

/** The error for an answer openDialogApiRequest returned because the caller accepted its status. */
export function openDialogError(context: ApiContext, request: ApiRequest, response: ApiResponse) {
	return errorForAcceptedAnswer(context, OPENDIALOG, request, response, NOT_SAFE_TO_REPEAT_POLICY);
}
