import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeToOperation } from '../shared/router';
import * as deepLink from './actions/deepLink';

export class WalkMeWebchatDeepLink implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WalkMe Webchat Deep Link',
		name: 'walkMeWebchatDeepLink',
		icon: { light: 'file:../icons/opendialog.svg', dark: 'file:../icons/opendialog.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Generate personalised OpenDialog webchat links with pre-filled user attributes, in bulk',
		defaults: { name: 'WalkMe Webchat Deep Link' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'openDialogApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Deep Link', value: 'deepLink' }],
				default: 'deepLink',
			},
			...deepLink.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeToOperation.call(this, { deepLink: deepLink.operations });
	}
}
