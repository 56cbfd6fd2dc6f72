import { NodeOperationError } from 'n8n-workflow';

import { answeredError } from './errors';
import type {
	Api,
	ApiContext,
	ApiDialect,
	ApiRequest,
	ApiResponse,
	BaseUrlResolution,
	RetryPolicy,
} from './request';
import { NOT_SAFE_TO_REPEAT_POLICY, apiRequest, checkBaseUrl, oncePerContext } from './request';

export const OPENDIALOG_CREDENTIAL = 'openDialogApi';

/** Where the Webchat Deep Link API lives below a workspace URL. */
export const DEEP_LINK_PATH = '/public/api/generate-webchat-deep-link';

/**
 * The workspace URL (e.g. https://acme.cloud.opendialog.ai) without a trailing slash or
 * `/public/api`, which users often paste with it. https only: the API token travels with every
 * call; plain http is allowed for a workspace on this machine (a local OpenDialog, the emulator).
 */
export function resolveWorkspaceUrl(value: unknown): BaseUrlResolution {
	const raw = typeof value === 'string' ? value.trim() : '';
	if (raw === '') return { problem: 'The OpenDialog credential has no Workspace URL' };
	const checked = checkBaseUrl(raw, "The OpenDialog credential's Workspace URL", 'a workspace');
	if (checked.problem !== undefined) return checked;
	return { baseUrl: checked.baseUrl.replace(/\/public\/api$/i, '').replace(/\/+$/, '') };
}

const OPENDIALOG_WORDS: ApiDialect = {
	name: 'OpenDialog',
	explainStatus(status, _request, said) {
		if (status === 401)
			return "OpenDialog refused the API token: copy it again from the workspace's Identity & Security page into the credential.";
		if (status === 404 && /fullpage|full-page|full page/i.test(said ?? '')) {
			return (
				'The workspace does not serve full-page webchat, which deep links open: turn on the full-page webchat ' +
				"for the scenario's interface in OpenDialog (or ask the workspace's administrator), then try again."
			);
		}
		if (status === 404)
			return 'Check the Workspace URL of the credential: OpenDialog has no deep-link API there.';
		if (status === 422 && /scenario/i.test(said ?? ''))
			return 'Check the Scenario ID: it must be the ID of a scenario of this workspace.';
		if (status === 500)
			return (
				'OpenDialog failed while generating the links; it may have created ' +
				'some user contexts. Try again later, or ask OpenDialog support.'
			);
		return undefined;
	},
};

/**
 * The credential's workspace URL, checked (https, or http on this machine), once its API token is
 * known not to be empty: a call with an empty token could only be refused. Call before sending anything.
 */
export const workspaceUrl = oncePerContext(async (context, itemIndex) => {
	const credentials = await context.getCredentials(OPENDIALOG_CREDENTIAL, itemIndex);
	if (typeof credentials.apiToken !== 'string' || credentials.apiToken.trim() === '') {
		throw new NodeOperationError(context.getNode(), 'The OpenDialog credential has no API Token', {
			itemIndex,
			description:
				"Copy the API token from the workspace's Identity & Security page into the credential.",
		});
	}
	const { baseUrl, problem } = resolveWorkspaceUrl(credentials.baseUrl);
	if (problem !== undefined)
		throw new NodeOperationError(context.getNode(), problem, { itemIndex });
	return baseUrl;
});

const OPENDIALOG: Api = {
	credentialType: OPENDIALOG_CREDENTIAL,
	dialect: OPENDIALOG_WORDS,
	baseUrl: workspaceUrl,
};

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
export function openDialogError(
	context: ApiContext,
	request: ApiRequest,
	response: ApiResponse,
	policy: RetryPolicy = NOT_SAFE_TO_REPEAT_POLICY,
) {
	return answeredError(context, OPENDIALOG_WORDS, request, response, policy);
}
