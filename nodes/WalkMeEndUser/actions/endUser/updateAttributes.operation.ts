import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DEFAULT_PARALLEL_REQUESTS, MAX_PARALLEL_REQUESTS } from '../../../shared/parallel';
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
	{
		displayName: 'Attributes From',
		name: 'attributeSource',
		type: 'options',
		options: [
			{
				name: 'All Fields of the Item',
				value: 'allFields',
				description: 'Every field of each item becomes an attribute',
			},
			{
				name: 'Chosen Fields',
				value: 'fields',
				description: 'The fields named below, named as the fields are',
			},
			{ name: 'Name/Value Pairs', value: 'keyValue', description: 'Enter each attribute below' },
		],
		default: 'fields',
	},
	{
		displayName: 'Fields',
		name: 'attributeFields',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. plan, region, renewalDate',
		description:
			'Comma-separated names of the item fields to send (dot notation for nested fields)',
		displayOptions: { show: { attributeSource: ['fields'] } },
	},
	{
		displayName: 'Attributes',
		name: 'attributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attribute',
		default: {},
		displayOptions: { show: { attributeSource: ['keyValue'] } },
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. plan',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. enterprise',
					},
				],
			},
		],
	},
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
			{
				displayName: 'Requests in Parallel',
				name: 'requestsInParallel',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
				default: DEFAULT_PARALLEL_REQUESTS,
				description:
					'How many requests of up to 100 users are sent at once. WalkMe publishes no rate ' +
					'limit; a 429 answer pauses them all. 1 sends one after another.',
			},
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
