import type { INodeProperties } from 'n8n-workflow';

export const appKeyField: INodeProperties = {
	displayName: 'App Key',
	name: 'appKey',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 6773869e-781c-419f-8b09-32055a2a22d6',
	description: "Your app's App Key, from the WalkMe Mobile console: App Settings → General",
};

export const outputField: INodeProperties = {
	displayName: 'Output Field',
	name: 'outputField',
	type: 'string',
	required: true,
	default: 'permalink',
	description: 'The field added to each item; the item keeps all its other fields',
};

export const campaignKeyField: INodeProperties = {
	displayName: 'Campaign Key',
	name: 'campaignKey',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. myKey',
	description: "The campaign's API trigger key",
};

/** Attributes From and what it shows: Name/Value pairs, or chosen fields of the item. */
export const attributeFields: INodeProperties[] = [
	{
		displayName: 'Attributes From',
		name: 'attributeSource',
		type: 'options',
		options: [
			{ name: 'Name/Value Pairs', value: 'keyValue', description: 'Enter each attribute below' },
			{
				name: 'Fields of the Item',
				value: 'fields',
				description: 'Use chosen fields of each item, named as the fields are',
			},
		],
		default: 'keyValue',
	},
	{
		displayName: 'Attributes',
		name: 'attributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Attribute',
		default: {},
		description: 'Kept in this order in the link',
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
						placeholder: 'e.g. home_town',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Fields',
		name: 'attributeFields',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. firstName, city',
		description:
			'Comma-separated names of the item fields to send, in this order (dot notation for nested fields)',
		displayOptions: { show: { attributeSource: ['fields'] } },
	},
];
