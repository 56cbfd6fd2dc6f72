import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { inputError } from './errors';
import { asText, readField, readRequiredText } from './parameters';

/** The values of an "Attributes From" parameter: Name/Value pairs, chosen fields, every field. */
export type AttributeSource = 'keyValue' | 'fields' | 'allFields';

/**
 * The attributes an item gives, as its "Attributes From" parameter says, as name/value pairs in
 * order with the values as they are: each node then checks the values against its own API. Reads
 * the parameters `attributeSource`, `attributeFields` (comma-separated field names, dot paths
 * allowed) and `attributes.attribute` (the pairs).
 */
export function readAttributePairs(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	sources: { allowed: readonly AttributeSource[]; fallback: AttributeSource },
): Array<[string, unknown]> {
	const source = context.getNodeParameter('attributeSource', itemIndex, sources.fallback) as string;
	if (!sources.allowed.includes(source as AttributeSource)) {
		throw inputError(
			context,
			itemIndex,
			'Attributes From',
			`must be ${sources.allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}, not ${JSON.stringify(source)}`,
			'Choose Attributes From in the node, or give an expression that returns one of these values.',
		);
	}
	if (source === 'allFields') return Object.entries(item.json);
	if (source === 'keyValue') {
		const pairs =
			(context.getNodeParameter('attributes.attribute', itemIndex, []) as IDataObject[]) ?? [];
		return pairs.map((pair) => [
			asText(context, pair.name ?? '', 'Attributes → Name', itemIndex),
			pair.value,
		]);
	}
	const names = readRequiredText(context, 'attributeFields', 'Fields', itemIndex)
		.split(',')
		.map((name) => name.trim());
	if (names.some((name) => name === ''))
		throw inputError(context, itemIndex, 'Fields', 'has an empty field name');
	return names.map((name) => {
		const value = readField(item.json, name);
		if (value === undefined)
			throw inputError(
				context,
				itemIndex,
				'Fields',
				`: the item has no field ${JSON.stringify(name)}`,
			);
		return [name, value];
	});
}

const SOURCE_OPTIONS: Record<AttributeSource, { name: string; description: string }> = {
	allFields: { name: 'All Fields of the Item', description: 'Every field of each item is sent' },
	fields: { name: 'Chosen Fields', description: 'The fields named below, named as the fields are' },
	keyValue: { name: 'Name/Value Pairs', description: 'Enter each attribute below' },
};

/**
 * Attributes From (Chosen Fields first), Fields and Attributes: the parameters readAttributePairs
 * reads, with the sources a node takes and its own examples. `ordered` when the order reaches the
 * API (a link).
 */
export function attributeSourceFields(options: {
	sources: readonly AttributeSource[];
	fieldsExample: string;
	pairExample: [string, string];
	ordered?: boolean;
}): INodeProperties[] {
	const inOrder = options.ordered ? ', in this order' : '';
	return [
		{
			displayName: 'Attributes From',
			name: 'attributeSource',
			type: 'options',
			options: options.sources.map((value) => ({ ...SOURCE_OPTIONS[value], value })),
			default: 'fields',
		},
		{
			displayName: 'Fields',
			name: 'attributeFields',
			type: 'string',
			required: true,
			default: '',
			placeholder: `e.g. ${options.fieldsExample}`,
			description: `Comma-separated names of the item fields to send${inOrder} (dot notation for nested fields)`,
			displayOptions: { show: { attributeSource: ['fields'] } },
		},
		{
			displayName: 'Attributes',
			name: 'attributes',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, ...(options.ordered ? { sortable: true } : {}) },
			placeholder: 'Add Attribute',
			default: {},
			...(options.ordered ? { description: 'Kept in this order' } : {}),
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
							placeholder: `e.g. ${options.pairExample[0]}`,
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: `e.g. ${options.pairExample[1]}`,
						},
					],
				},
			],
		},
	];
}
