import type { INodeProperties } from 'n8n-workflow';

export const groupIdField: INodeProperties = {
	displayName: 'Group ID',
	name: 'groupId',
	type: 'string',
	default: '',
	required: true,
	description:
		"The group's SCIM ID, from the ID field of what Get Many outputs; never a guessed value",
};

export const userIdsField: INodeProperties = {
	displayName: 'User IDs',
	name: 'userIds',
	type: 'string',
	default: '',
	required: true,
	description:
		'SCIM IDs of the users, separated by commas (or a list from an expression), from the ID field of what the User operations output',
};

export const displayNameField: INodeProperties = {
	displayName: 'Name',
	name: 'displayName',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. Sales EMEA',
	description: "The group's name (SCIM's displayName); WalkMe refuses a name another group has",
};
