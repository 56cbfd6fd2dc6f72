import type { INodeProperties } from 'n8n-workflow';

import type { Operations } from '../../../shared/router';
import { operationProperties } from '../../../shared/router';
import * as create from './create.operation';
import * as createOrUpdate from './createOrUpdate.operation';
import * as deactivate from './deactivate.operation';
import * as deleteUser from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = {
	create,
	createOrUpdate,
	deactivate,
	delete: deleteUser,
	get,
	getAll,
	update,
} satisfies Operations<string>;

/** The values of this resource's Operation parameter: the keys of the table above. */
export type UserOperation = keyof typeof operations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a WalkMe user, who gets an activation e-mail',
				action: 'Create a user',
			},
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				description:
					'Create the user with this user name, or update the fields that differ when it exists',
				action: 'Create or update a user',
			},
			{
				name: 'Deactivate',
				value: 'deactivate',
				description: 'Stop a user signing in, keeping the user and its history',
				action: 'Deactivate a user',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a user for good',
				action: 'Delete a user',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a user by ID or by user name',
				action: 'Get a user',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List users, optionally filtered',
				action: 'Get many users',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change only the fields given (PATCH), leaving the rest, the role included',
				action: 'Update a user',
			},
		],
		default: 'createOrUpdate',
	},
	...operationProperties(operations),
];
