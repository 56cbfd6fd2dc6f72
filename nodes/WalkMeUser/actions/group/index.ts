import type { INodeProperties } from 'n8n-workflow';

import type { Operations } from '../../../shared/router';
import { operationProperties } from '../../../shared/router';
import * as addUsers from './addUsers.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as removeUsers from './removeUsers.operation';

export type GroupOperation = 'addUsers' | 'get' | 'getAll' | 'removeUsers';

export const operations: Operations<GroupOperation> = { addUsers, get, getAll, removeUsers };

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
				description: 'Add users to a group',
				action: 'Add users to a group',
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
				description: 'Remove users from a group',
				action: 'Remove users from a group',
			},
		],
		default: 'addUsers',
	},
	...operationProperties(operations),
];
