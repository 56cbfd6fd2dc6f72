import type { INodeProperties } from 'n8n-workflow';

import type { Operations } from '../../../shared/router';
import { operationProperties } from '../../../shared/router';
import * as addUsers from './addUsers.operation';
import * as create from './create.operation';
import * as deleteGroup from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as removeUsers from './removeUsers.operation';
import * as rename from './rename.operation';

export const operations = {
	addUsers,
	create,
	delete: deleteGroup,
	get,
	getAll,
	removeUsers,
	rename,
} satisfies Operations<string>;

/** The values of this resource's Operation parameter: the keys of the table above. */
export type GroupOperation = keyof typeof operations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{
				name: 'Add Users',
				value: 'addUsers',
				description: 'Add users to a group; those already in it are listed as such',
				action: 'Add users to a group',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a group, optionally with members',
				action: 'Create a group',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a group (its users stay)',
				action: 'Delete a group',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a group and its members',
				action: 'Get a group',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List groups, optionally by name',
				action: 'Get many groups',
			},
			{
				name: 'Remove Users',
				value: 'removeUsers',
				description: 'Remove users from a group; those not in it are listed as such',
				action: 'Remove users from a group',
			},
			{
				name: 'Rename',
				value: 'rename',
				description: 'Give a group a new name',
				action: 'Rename a group',
			},
		],
		default: 'addUsers',
	},
	...operationProperties(operations),
];
