import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { routeToOperation } from '../shared/router';
import * as segment from './actions/segment';
import { searchSegments } from './methods/listSearch';

export class WalkMeSegment implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WalkMe Segment',
		name: 'walkMeSegment',
		icon: { light: 'file:../icons/walkme.svg', dark: 'file:../icons/walkme.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, update and mirror WalkMe segments from lists of user IDs (Segments API)',
		defaults: { name: 'WalkMe Segment' },
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
				options: [{ name: 'Segment', value: 'segment' }],
				default: 'segment',
			},
			...segment.description,
		],
	};

	methods = { listSearch: { searchSegments } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeToOperation.call(this, { segment: segment.operations });
	}
}
