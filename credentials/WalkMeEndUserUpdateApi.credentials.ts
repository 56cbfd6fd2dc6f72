import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The integration token of a WalkMe End User Update API integration. The API call itself is
 * authorised by the WalkMe API key (walkMeOAuth2Api); this token, sent in the request body, names
 * the integration whose field mapping WalkMe applies. It is a secret, so it lives here, encrypted,
 * and never in a node parameter, an output or an error.
 */
export class WalkMeEndUserUpdateApi implements ICredentialType {
	name = 'walkMeEndUserUpdateApi';

	displayName = 'WalkMe End User Update API';

	documentationUrl = 'https://github.com/n8n-nodes-walkme/n8n-nodes-walkme#walkme-end-user';

	icon = {
		light: 'file:../nodes/icons/walkme.svg',
		dark: 'file:../nodes/icons/walkme.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Integration Token',
			name: 'integrationToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The token WalkMe shows when you create an End User Update API integration in the Data ' +
				'Integration Center (Data In), where the incoming fields are mapped',
		},
	];
}
