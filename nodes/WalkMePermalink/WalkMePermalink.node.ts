import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeToOperation } from '../shared/router';
import * as permalink from './actions/permalink';

export class WalkMePermalink implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WalkMe Permalink',
		name: 'walkMePermalink',
		icon: { light: 'file:../icons/walkme.svg', dark: 'file:../icons/walkme.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Build and check WalkMe Mobile permalinks for emails, SMS, push and training material',
		defaults: { name: 'WalkMe Permalink' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Permalink', value: 'permalink' }],
				default: 'permalink',
			},
			...permalink.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeToOperation.call(this, { permalink: permalink.operations });
	}
}
