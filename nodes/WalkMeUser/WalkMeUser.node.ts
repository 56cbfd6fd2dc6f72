import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeToOperation } from '../shared/router';
import * as group from './actions/group';
import * as user from './actions/user';

export class WalkMeUser implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WalkMe User',
		name: 'walkMeUser',
		icon: { light: 'file:../icons/walkme.svg', dark: 'file:../icons/walkme.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create, update, deactivate and group WalkMe users from an HR or CRM system (SCIM 2.0 API)',
		defaults: { name: 'WalkMe User' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'walkMeScimApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Group', value: 'group' },
					{ name: 'User', value: 'user' },
				],
				default: 'user',
			},
			...user.description,
			...group.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeToOperation.call(this, { user: user.operations, group: group.operations });
	}
}
