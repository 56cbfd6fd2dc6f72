import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { readLimit, readText, returnAllFields } from '../../../shared/parameters';
import { listResources, scimString, resourceOutput } from '../../helpers/scim';

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
	return await runJobs(
		this,
		jobPerItem(items),
		(input) => {
			const name = readText(this, 'filters.displayName', 'Display Name', input.paramIndex);
			return {
				filter: name === '' ? undefined : `displayName eq ${scimString(name)}`,
				limit: readLimit(this, input.paramIndex),
			};
		},
		async (job, input) => {
			const { resources } = await listResources(this, 'Groups', {
				...job,
				itemIndex: input.paramIndex,
			});
			return resources.map((group) => resourceOutput(group));
		},
	);
}
