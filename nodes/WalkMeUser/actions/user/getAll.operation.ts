import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readText, returnAllFields } from '../../../shared/parameters';
import { listPerItem, scimString } from '../../helpers/scim';

const properties: INodeProperties[] = [
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Active',
				name: 'active',
				type: 'options',
				options: [
					{ name: 'Active Users Only', value: 'true' },
					{ name: 'Inactive Users Only', value: 'false' },
				],
				default: 'true',
			},
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				default: '',
				description: 'Only the user with this ID at your identity provider',
			},
			{
				displayName: 'User Name',
				name: 'userName',
				type: 'string',
				default: '',
				description: 'Only the user with this e-mail address',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getAll'] } },
	properties,
);

/** The SCIM filter of the Filters added, joined with `and`; undefined for none. */
function readFilter(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const parts: string[] = [];
	for (const [field, label] of [
		['userName', 'User Name'],
		['externalId', 'External ID'],
	] as const) {
		const value = readText(context, `filters.${field}`, label, itemIndex);
		if (value !== '') parts.push(`${field} eq ${scimString(value)}`);
	}
	const active = context.getNodeParameter('filters.active', itemIndex, '') as string;
	if (active === 'true' || active === 'false') parts.push(`active eq ${active}`);
	return parts.length > 0 ? parts.join(' and ') : undefined;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await listPerItem(this, items, 'Users', (itemIndex) => readFilter(this, itemIndex));
}
