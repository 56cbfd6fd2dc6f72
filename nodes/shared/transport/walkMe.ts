import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findTokenError } from '../../../credentials/common/walkMeToken';
import type { RetryPolicy } from '../retry';
import { DEFAULT_RETRY_POLICY } from '../retry';
import { WALKME_APIS, resolveWalkMeBaseUrl } from '../walkMeHosts';
import type { ApiContext } from './context';
import { oncePerContext } from './context';
import type { ApiDialect, ApiRequest, ApiResponse } from './request';
import { requestWithRetries } from './request';

export const WALKME_CREDENTIAL = 'walkMeOAuth2Api';

const WALKME: ApiDialect = {
	name: 'WalkMe',
	explainStatus(status, request) {
		if (status !== 403) return undefined;
		const api = WALKME_APIS.find((entry) => request.path.startsWith(entry.pathPrefix));
		if (!api) return 'The API key may not be allowed to make this call.';
		return `The API key may not have the ${api.name} turned on: in WalkMe's Admin Center → API Keys, edit the key and turn on ${api.name} (${api.access}).`;
	},
	explainUnsent(error) {
		return findTokenError(error)?.message;
	},
};

const walkMeBaseUrl = oncePerContext(async (context, itemIndex) => {
	const credentials = await context.getCredentials(WALKME_CREDENTIAL, itemIndex);
	const { baseUrl, problem } = resolveWalkMeBaseUrl(credentials);
	if (problem !== undefined)
		throw new NodeOperationError(context.getNode(), problem, { itemIndex });
	return baseUrl;
});

/** One request to a WalkMe API: base URL from the credential's region, Bearer token, retries. */
export async function walkMeApiRequest(
	this: ApiContext,
	request: ApiRequest,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<ApiResponse> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${await walkMeBaseUrl(this, request.itemIndex ?? 0)}${request.path}`,
		json: true,
		headers: { Accept: 'application/json' },
	};
	if (request.body !== undefined) options.body = request.body;
	return await requestWithRetries(this, WALKME_CREDENTIAL, WALKME, options, request, policy);
}
