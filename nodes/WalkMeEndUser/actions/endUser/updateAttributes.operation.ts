import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { attributeSourceFields } from '../../../shared/attributes';
import { requestsInParallelOption } from '../../../shared/parallel';
import { readEntries } from '../../helpers/readEntries';
import { sendEntries } from '../../helpers/sendEntries';

const properties: INodeProperties[] = [
	{
		displayName: 'Identifier Field Name',
		name: 'identifierName',
		type: 'string',
		required: true,
		default: 'email',
		placeholder: 'e.g. email',
		description:
			"The name WalkMe's integration knows the user identifier by, as mapped in the Data " +
			'Integration Center (Data In)',
	},
	{
		displayName: 'Identifier',
		name: 'identifier',
		type: 'string',
		required: true,
		default: '={{ $json.email }}',
		description:
			"Each item's user identifier, e.g. its e-mail address (text or a number). Items with the " +
			"same identifier are sent as one user, the later item's values winning.",
	},
	...attributeSourceFields({
		sources: ['allFields', 'fields', 'keyValue'],
		fieldsExample: 'plan, region, renewalDate',
		pairExample: ['plan', 'enterprise'],
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Date Attributes',
				name: 'dateAttributes',
				type: 'string',
				default: '',
				placeholder: 'e.g. renewalDate, startDate',
				description:
					'Attributes to send as dates (YYYY-MM-DD, in the workflow time zone), whatever form ' +
					'they come in. Dates from expressions are always sent as YYYY-MM-DD.',
			},
			requestsInParallelOption('requests of up to 100 users are sent', 'WalkMe'),
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['endUser'], operation: ['updateAttributes'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const read = await readEntries(this, items);
	return await sendEntries(this, read);
}
