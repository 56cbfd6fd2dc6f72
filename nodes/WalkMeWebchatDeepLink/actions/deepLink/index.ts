import type { INodeProperties } from 'n8n-workflow';

import type { Operations } from '../../../shared/router';
import { operationProperties } from '../../../shared/router';
import * as generate from './generate.operation';

export const operations = { generate } satisfies Operations<string>;

/** The values of this resource's Operation parameter: the keys of the table above. */
export type DeepLinkOperation = keyof typeof operations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deepLink'] } },
		options: [
			{
				name: 'Generate',
				value: 'generate',
				description:
					"Generate a personalised webchat link for each item, with the user's attributes pre-filled",
				action: 'Generate webchat deep links',
			},
		],
		default: 'generate',
	},
	...operationProperties(operations),
];
