import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { generatePermalinks, readAttributes } from '../../helpers/generate';
import { appKeyField, attributeFields, outputField } from './common.descriptions';

const [attributeSourceField, ...attributeValueFields] = attributeFields;

const properties: INodeProperties[] = [
	appKeyField,
	{
		...attributeSourceField,
		description: "Private attributes, e.g. the user's first name",
	},
	...attributeValueFields,
	outputField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['permalink'], operation: ['setPrivateUserAttributes'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await generatePermalinks(this, items, (itemIndex) => ({
		kind: 'setPrivateUserAttributes',
		attributes: readAttributes(this, items[itemIndex], itemIndex),
	}));
}
