import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { asText, readField, readText } from '../../../shared/parameters';
import type { Attribute, PermalinkParts } from '../../helpers/permalink';
import { PermalinkError, buildPermalink } from '../../helpers/permalink';

type Show = { resource: string[]; operation: string[] };

export function appKeyField(show: Show): INodeProperties {
	return {
		displayName: 'App Key',
		name: 'appKey',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6773869e-781c-419f-8b09-32055a2a22d6',
		description: "Your app's App Key, from the WalkMe Mobile console: App Settings → General",
		displayOptions: { show },
	};
}

export function outputFieldField(show: Show, fallback = 'permalink'): INodeProperties {
	return {
		displayName: 'Output Field',
		name: 'outputField',
		type: 'string',
		required: true,
		default: fallback,
		description: 'The field added to each item; the item keeps all its other fields',
		displayOptions: { show },
	};
}

export function textField(
	show: Show,
	displayName: string,
	name: string,
	description: string,
	placeholder: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder,
		description,
		displayOptions: { show },
	};
}

export function attributeFields(show: Show): INodeProperties[] {
	return [
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
			displayOptions: { show },
		},
		{
			displayName: 'Attributes',
			name: 'attributes',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Attribute',
			default: {},
			description: 'Kept in this order in the link',
			displayOptions: { show: { ...show, attributeSource: ['keyValue'] } },
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
			displayOptions: { show: { ...show, attributeSource: ['fields'] } },
		},
	];
}

function attributeValue(
	context: IExecuteFunctions,
	name: string,
	value: unknown,
	itemIndex: number,
): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') {
		throw new NodeOperationError(
			context.getNode(),
			`Attributes in item ${itemIndex}: the value of ${JSON.stringify(name)} is ${Array.isArray(value) ? 'a list' : 'an object'}; a permalink can carry only text, numbers and booleans`,
			{ itemIndex },
		);
	}
	return String(value);
}

/** The attributes of one item, in order, from name/value pairs or from the item's fields. */
export function readAttributes(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
): Attribute[] {
	const source = context.getNodeParameter('attributeSource', itemIndex, 'keyValue') as string;
	if (source === 'fields') {
		const names = readText(context, 'attributeFields', 'Fields', itemIndex)
			.split(',')
			.map((name) => name.trim());
		if (names.some((name) => name === '')) {
			throw new NodeOperationError(
				context.getNode(),
				`Fields in item ${itemIndex} has an empty field name`,
				{ itemIndex },
			);
		}
		return names.map((name) => {
			const value = readField(item.json, name);
			if (value === undefined) {
				throw new NodeOperationError(
					context.getNode(),
					`Fields in item ${itemIndex}: the item has no field ${JSON.stringify(name)}`,
					{ itemIndex },
				);
			}
			return [name, attributeValue(context, name, value, itemIndex)];
		});
	}
	const pairs =
		(context.getNodeParameter('attributes.attribute', itemIndex, []) as IDataObject[]) ?? [];
	return pairs.map((pair) => {
		const name = asText(context, pair.name ?? '', 'Attributes → Name', itemIndex);
		return [name, attributeValue(context, name, pair.value, itemIndex)];
	});
}

/** Adds a generated permalink to every item; a bad part fails naming the field and the item. */
export async function generatePermalinks(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	readParts: (itemIndex: number) => Omit<PermalinkParts, 'appKey'>,
): Promise<INodeExecutionData[]> {
	return await runJobs(
		context,
		jobPerItem(items),
		({ paramIndex }) => {
			const outputField =
				readText(context, 'outputField', 'Output Field', paramIndex) || 'permalink';
			const parts = {
				...readParts(paramIndex),
				appKey: readText(context, 'appKey', 'App Key', paramIndex),
			} as PermalinkParts;
			return { outputField, link: buildOrFail(context, parts, paramIndex) };
		},
		async ({ outputField, link }, { paramIndex }) => ({
			...items[paramIndex].json,
			[outputField]: link,
		}),
	);
}

function buildOrFail(context: IExecuteFunctions, parts: PermalinkParts, itemIndex: number): string {
	try {
		return buildPermalink(parts);
	} catch (error) {
		throw asNodeError(context, error, itemIndex);
	}
}

export function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeOperationError {
	if (error instanceof PermalinkError) {
		return new NodeOperationError(
			context.getNode(),
			`${error.field} in item ${itemIndex} ${error.message}`,
			{ itemIndex },
		);
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** Set Public and Set Private User Attributes differ only in the link's action and the hint. */
export function userAttributesOperation(
	kind: 'setUserAttributes' | 'setPrivateUserAttributes',
	hint: string,
) {
	const show = { resource: ['permalink'], operation: [kind] };
	const description: INodeProperties[] = [
		appKeyField(show),
		...attributeFields(show).map((field) =>
			field.name === 'attributeSource' ? { ...field, description: hint } : field,
		),
		outputFieldField(show),
	];
	async function execute(
		this: IExecuteFunctions,
		items: INodeExecutionData[],
	): Promise<INodeExecutionData[]> {
		return await generatePermalinks(this, items, (itemIndex) => ({
			kind,
			attributes: readAttributes(this, items[itemIndex], itemIndex),
		}));
	}
	return { description, execute };
}
