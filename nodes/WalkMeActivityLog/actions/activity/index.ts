import type { INodeProperties } from 'n8n-workflow';

import type { Operations } from '../../../shared/router';
import { operationProperties } from '../../../shared/router';
import * as getAll from './getAll.operation';

export const operations = { getAll } satisfies Operations<string>;

/** The values of this resource's Operation parameter: the keys of the table above. */
export type ActivityOperation = keyof typeof operations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['activity'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: "Read the account's audit log: who saved, published or changed what",
				action: 'Get many activity log events',
			},
		],
		default: 'getAll',
	},
	...operationProperties(operations),
];
