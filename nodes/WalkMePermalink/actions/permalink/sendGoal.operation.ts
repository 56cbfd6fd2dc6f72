import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readText } from '../../../shared/parameters';
import {
	appKeyField,
	attributeFields,
	generatePermalinks,
	outputFieldField,
	readAttributes,
	textField,
} from './common';

const show = { resource: ['permalink'], operation: ['sendGoal'] };

export const description: INodeProperties[] = [
	appKeyField(show),
	textField(
		show,
		'Goal Name',
		'goalName',
		'The API Tracked Event (goal), as set in the console App Settings',
		'e.g. MyGoal',
	),
	...attributeFields(show),
	outputFieldField(show),
];

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
