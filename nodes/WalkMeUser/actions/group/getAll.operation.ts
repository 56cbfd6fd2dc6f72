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
				displayName: 'Display Name',
				name: 'displayName',
				type: 'string',
				default: '',
				description: 'Only the group with this name',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await listPerItem(this, items, 'Groups', (itemIndex) => {
		const name = readText(this, 'filters.displayName', 'Display Name', itemIndex);
		return name === '' ? undefined : `displayName eq ${scimString(name)}`;
	});
}
