import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeToOperation } from '../shared/router';
import * as activity from './actions/activity';

export class WalkMeActivityLog implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WalkMe Activity Log',
		name: 'walkMeActivityLog',
		icon: { light: 'file:../icons/walkme.svg', dark: 'file:../icons/walkme.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: "Read the WalkMe account's audit log (Activity Log API)",
		defaults: { name: 'WalkMe Activity Log' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'walkMeOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Activity', value: 'activity' }],
				default: 'activity',
			},
			...activity.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeToOperation.call(this, { activity: activity.operations });
	}
}
