import type { INodeProperties } from 'n8n-workflow';

import { attributeSourceFields } from '../../../shared/attributes';

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

const [attributeSourceField, ...attributeValueFields] = attributeSourceFields({
	sources: ['fields', 'keyValue'],
	fieldsExample: 'firstName, city',
	pairExample: ['home_town', 'Lisbon'],
	ordered: true,
});

/** Attributes From (Name/Value pairs unless changed) and what it shows, kept in order in the link. */
export const attributeFields: INodeProperties[] = [
	{ ...attributeSourceField, default: 'keyValue' },
	...attributeValueFields,
];
