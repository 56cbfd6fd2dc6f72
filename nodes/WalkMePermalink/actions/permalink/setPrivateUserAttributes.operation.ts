import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { attributeFields, appKeyField, generatePermalinks, outputFieldField, readAttributes } from './common';

const show = { resource: ['permalink'], operation: ['setPrivateUserAttributes'] };

export const description: INodeProperties[] = [
	appKeyField(show),
	...attributeFields(show).map((field) =>
		field.name === 'attributeSource' ? { ...field, description: "Private attributes, e.g. the user's first name" } : field,
	),
	outputFieldField(show),
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await generatePermalinks(this, items, (itemIndex) => ({
		kind: 'setPrivateUserAttributes',
		attributes: readAttributes(this, items[itemIndex], itemIndex),
	}));
}
