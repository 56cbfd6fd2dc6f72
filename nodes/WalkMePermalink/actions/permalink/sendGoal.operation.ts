import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readText } from '../../../shared/parameters';
import { generatePermalinks, readAttributes } from '../../helpers/generate';
import { appKeyField, attributeFields, outputField } from './common.descriptions';

const properties: INodeProperties[] = [
	appKeyField,
	{
		displayName: 'Goal Name',
		name: 'goalName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. MyGoal',
		description: 'The API Tracked Event (goal), as set in the console App Settings',
	},
	...attributeFields,
	outputField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['permalink'], operation: ['sendGoal'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await generatePermalinks(this, items, (itemIndex) => ({
		kind: 'sendGoal',
		goalName: readText(this, 'goalName', 'Goal Name', itemIndex),
		attributes: readAttributes(this, items[itemIndex], itemIndex),
	}));
}
