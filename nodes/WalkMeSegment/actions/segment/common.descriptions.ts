import type { INodeProperties } from 'n8n-workflow';

import { MAX_USER_ID_LENGTH } from '../../../shared/userIds';

/** The WalkMe system every operation works in. */
export const systemGuidField: INodeProperties = {
	displayName: 'System GUID',
	name: 'systemGuid',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 6b1f2c3d4e5f40718293a4b5c6d7e8f9',
	description:
		'The WalkMe system: in the Editor open Editor Menu → Snippet and copy the part after ' +
		'/users/ in the snippet URL. 32 hex digits, 8-4-4-4-12, or the snippet URL itself.',
};

export const segmentIdField: INodeProperties = {
	displayName: 'Segment',
	name: 'segmentId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The segment to change',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchSegments', searchable: true },
		},
		{
			displayName: 'By GUID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 12345aeb-123c-4d83-8b38-a5a456789d0a',
			validation: [
				{
					type: 'regex',
					properties: {
						regex:
							'^\\s*(\\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\\}?)\\s*$',
						errorMessage: 'Not a segment GUID (expected 8-4-4-4-12)',
					},
				},
			],
		},
	],
};

/** Where the users of a membership operation come from. */
export const userIdFields: INodeProperties[] = [
	{
		displayName: 'User IDs From',
		name: 'userIdSource',
		type: 'options',
		options: [
			{
				name: 'A Parameter, One Job per Item',
				value: 'parameter',
				description: 'Each input item is its own job, with its own user ID list',
			},
			{
				name: 'A Field of All Input Items, One Job',
				value: 'allItems',
				description:
					'Every input item contributes the user ID in one field; they make one job (e.g. 80,000 CRM contacts → one segment)',
			},
		],
		default: 'allItems',
	},
	{
		displayName: 'User ID Field',
		name: 'userIdField',
		type: 'string',
		default: 'email',
		required: true,
		placeholder: 'e.g. email or properties.email',
		description:
			'The field of each input item that holds its user ID (dot notation for nested fields)',
		hint: 'The values must match the user identifier your WalkMe system uses',
		displayOptions: { show: { userIdSource: ['allItems'] } },
	},
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'e.g. john@company.com, melissa@company.com',
		description:
			'Comma- or newline-separated, or an expression that returns a list. Trimmed, empties dropped, duplicates removed.',
		displayOptions: { show: { userIdSource: ['parameter'] } },
	},
];

export const membershipOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Skip Invalid User IDs',
			name: 'skipInvalidUserIds',
			type: 'boolean',
			default: false,
			description: `Whether to leave out IDs longer than ${MAX_USER_ID_LENGTH} characters (listed in the output) instead of failing`,
		},
	],
};
