import type { INodeProperties } from 'n8n-workflow';

import type { Operations } from '../../../shared/router';
import { operationProperties } from '../../../shared/router';
import * as updateAttributes from './updateAttributes.operation';

export const operations = { updateAttributes } satisfies Operations<string>;

/** The values of this resource's Operation parameter: the keys of the table above. */
export type EndUserOperation = keyof typeof operations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['endUser'] } },
		options: [
			{
				name: 'Update Attributes',
				value: 'updateAttributes',
				description: 'Send attributes of users (plan, region, renewal date…) to WalkMe',
				action: 'Update the attributes of end users',
			},
		],
		default: 'updateAttributes',
	},
	...operationProperties(operations),
];
