import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A shared secret for the WalkMe Trigger. WalkMe Insights signs nothing, so the secret travels in
 * the URL pasted into Insights (or in a header, where the sender can add one); the trigger answers
 * 401 to a call without it. Checked by the trigger node's own credential test (testedBy).
 */
export class WalkMeWebhookApi implements ICredentialType {
	name = 'walkMeWebhookApi';

	displayName = 'WalkMe Webhook Secret API';

	documentationUrl =
		'https://github.com/n8n-nodes-walkme/n8n-nodes-walkme#walkme-webhook-secret-api-walkmewebhookapi';

	icon = {
		light: 'file:../nodes/icons/walkme.svg',
		dark: 'file:../nodes/icons/walkme.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long random text (at least 16 characters, letters and digits). Add it to the URL you ' +
				'paste into WalkMe Insights as ?secret=… (the name of the parameter is a trigger option).',
		},
	];
}
