import type { INodeProperties } from 'n8n-workflow';

import type { Operations } from '../../../shared/router';
import { operationProperties } from '../../../shared/router';
import * as create from './create.operation';
import * as createOrOverride from './createOrOverride.operation';
import * as deleteSegment from './delete.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = {
	create,
	createOrOverride,
	update,
	getAll,
	delete: deleteSegment,
} satisfies Operations<string>;

/** The values of this resource's Operation parameter: the keys of the table above. */
export type SegmentOperation = keyof typeof operations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['segment'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a segment from a list of user IDs',
				action: 'Create a segment of users',
			},
			{
				name: 'Create or Override by Name',
				value: 'createOrOverride',
				description:
					'Make the segment with this name hold exactly these users, creating it when absent',
				action: 'Create or override a segment of users by name',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a segment',
				action: 'Delete a segment',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the segments of a system',
				action: 'Get many segments of a system',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Add users to, remove users from, or override the users of a segment',
				action: 'Add or remove the users of a segment or replace them all',
			},
		],
		default: 'createOrOverride',
	},
	...operationProperties(operations),
];
