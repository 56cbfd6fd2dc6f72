import type { INodeProperties } from 'n8n-workflow';

import type { Operations } from '../../../shared/router';
import { operationProperties } from '../../../shared/router';
import * as send from './send.operation';

export const operations = { send } satisfies Operations<string>;

/** The values of this resource's Operation parameter: the keys of the table above. */
export type NotificationOperation = keyof typeof operations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['notification'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'Send a Communication Center template as a Workstation notification',
				action: 'Send a notification to users or audiences',
			},
		],
		default: 'send',
	},
	...operationProperties(operations),
];
