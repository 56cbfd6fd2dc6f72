import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readText } from '../../../shared/parameters';
import { appKeyField, generatePermalinks, outputFieldField, textField } from './common';

const show = { resource: ['permalink'], operation: ['setUserId'] };

export const description: INodeProperties[] = [
	appKeyField(show),
	textField(
		show,
		'User ID',
		'userId',
		'The end-user identifier to set (mostly for testing: it is meant to be set per session)',
		'e.g. JohnDoe',
	),
	outputFieldField(show),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await generatePermalinks(this, items, (itemIndex) => ({
		kind: 'setUserId',
		userId: readText(this, 'userId', 'User ID', itemIndex),
	}));
}
