import type { INodeProperties } from 'n8n-workflow';

import { requestsInParallelOption } from '../../../shared/parallel';

export const userIdField: INodeProperties = {
	displayName: 'User ID',
	name: 'userId',
	type: 'string',
	default: '',
	required: true,
	description:
		"The user's SCIM ID, from the ID field of what Create, Get or Get Many output; never a guessed value",
};

const userNameField: INodeProperties = {
	displayName: 'User Name',
	name: 'userName',
	type: 'string',
	default: '',
	placeholder: 'e.g. name@example.com',
	description: "The user's e-mail address, which WalkMe uses as the user name",
};

const givenNameField: INodeProperties = {
	displayName: 'First Name',
	name: 'givenName',
	type: 'string',
	default: '',
};

const familyNameField: INodeProperties = {
	displayName: 'Last Name',
	name: 'familyName',
	type: 'string',
	default: '',
};

const externalIdField: INodeProperties = {
	displayName: 'External ID',
	name: 'externalId',
	type: 'string',
	default: '',
	description: "The user's ID at your identity provider (the SAML NameID), if you use SSO",
};

const accessRoleField: INodeProperties = {
	displayName: 'Role',
	name: 'accessRole',
	type: 'string',
	default: '',
	placeholder: 'e.g. contentEditor',
	description:
		'The WalkMe role, as your WalkMe account names it (Admin Center → Users & Roles); from your data, never a guessed value. ' +
		"Without it a new user gets WalkMe's default role.",
};

const allowedSystemsField: INodeProperties = {
	displayName: 'Allowed Systems',
	name: 'allowedSystems',
	type: 'string',
	default: '',
	placeholder: 'e.g. 6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9',
	description:
		'GUIDs of the systems the user may work in, separated by commas (or a list from an expression). ' +
		'They replace the systems the user had; never guessed values.',
};

const activeField: INodeProperties = {
	displayName: 'Active',
	name: 'active',
	type: 'boolean',
	default: true,
	description:
		'Whether the user may sign in to WalkMe. Added and on, a deactivated user is active again (a rehire); ' +
		'not added, WalkMe keeps what it holds.',
};

/** User Name, First Name and Last Name, required, for operations that may create a user. */
export const newUserFields: INodeProperties[] = [
	{ ...userNameField, required: true },
	{ ...givenNameField, required: true },
	{ ...familyNameField, required: true },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [activeField, allowedSystemsField, externalIdField, accessRoleField],
	},
];

/** Every field a PATCH may change; only those added are sent. */
export const updateFields: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	description:
		'Only the fields added here change; everything else, the role included, stays as WalkMe holds it',
	options: [
		activeField,
		allowedSystemsField,
		externalIdField,
		givenNameField,
		familyNameField,
		accessRoleField,
		userNameField,
	],
};

/** Options → Requests in Parallel, for operations whose items are independent. */
export const parallelOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [requestsInParallelOption('items are sent', 'WalkMe')],
};
