import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { DEEP_LINK_PATH } from '../nodes/shared/transport/openDialog';

/** An OpenDialog workspace and its API token (sent as a Bearer token on every call). */
export class OpenDialogApi implements ICredentialType {
	name = 'openDialogApi';

	displayName = 'OpenDialog API';

	documentationUrl =
		'https://github.com/n8n-nodes-walkme/n8n-nodes-walkme#opendialog-api-opendialogapi';

	icon = {
		light: 'file:../nodes/icons/opendialog.svg',
		dark: 'file:../nodes/icons/opendialog.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Workspace URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://acme.cloud.opendialog.ai',
			description:
				'The address of your OpenDialog workspace (https; a trailing /public/api is fine)',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "From the workspace's Identity & Security page",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiToken}}' } },
	};

	// OpenDialog documents one call, which creates user contexts. The Test sends it with no users:
	// OpenDialog checks the token first (401 "Unauthenticated."), then rejects the empty request
	// (422) without creating anything, so a 422 means the workspace answered and took the token.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{String($credentials.baseUrl).trim().replace(/\\/+$/, "").replace(/\\/public\\/api$/i, "")}}',
			url: DEEP_LINK_PATH,
			method: 'POST',
			body: { scenario_id: '', dataset: [] },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'message',
					value: 'Unauthenticated.',
					message:
						"OpenDialog refused the API token (401 Unauthenticated.): copy it again from the workspace's Identity & Security page",
				},
			},
		],
	};
}
