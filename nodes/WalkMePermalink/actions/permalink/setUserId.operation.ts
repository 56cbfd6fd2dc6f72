import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readText } from '../../../shared/parameters';
import { generatePermalinks } from '../../helpers/generate';
import { appKeyField, outputField } from './common.descriptions';

const properties: INodeProperties[] = [
	appKeyField,
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. JohnDoe',
		description:
			'The end-user identifier to set (mostly for testing: it is meant to be set per session)',
	},
	outputField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['permalink'], operation: ['setUserId'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await generatePermalinks(this, items, (itemIndex) => ({
		kind: 'setUserId',
		userId: readText(this, 'userId', 'User ID', itemIndex),
	}));
}
