import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeToOperation } from '../shared/router';
import * as endUser from './actions/endUser';
import { walkMeIntegrationTokenTest } from './helpers/credentialTest';

export class WalkMeEndUser implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WalkMe End User',
		name: 'walkMeEndUser',
		icon: { light: 'file:../icons/walkme.svg', dark: 'file:../icons/walkme.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send user attributes from a CRM or HR system to WalkMe, for segments and targeting (End User Update API)',
		defaults: { name: 'WalkMe End User' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'walkMeOAuth2Api', required: true },
			{ name: 'walkMeEndUserUpdateApi', required: true, testedBy: 'walkMeIntegrationTokenTest' },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'End User', value: 'endUser' }],
				default: 'endUser',
			},
			...endUser.description,
		],
	};

	methods = { credentialTest: { walkMeIntegrationTokenTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeToOperation.call(this, { endUser: endUser.operations });
	}
}
