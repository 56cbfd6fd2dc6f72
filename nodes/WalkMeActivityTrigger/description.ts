import type { INodeProperties } from 'n8n-workflow';

import { MAX_PAGE_SIZE, activityFilterFields } from '../shared/activityLog';

/** Version 1 kept its filters at the top level; saved workflows of that version still read them. */
const onlyVersion1 = { show: { '@version': [1] } };

export const activityTriggerProperties: INodeProperties[] = [
	{ ...activityFilterFields('Start only for'), displayOptions: { hide: { '@version': [1] } } },
	{
		displayName: 'Action Types',
		name: 'actionTypes',
		type: 'string',
		default: '',
		placeholder: 'e.g. save_shoutout, publish',
		description: 'Start only for these action types (comma-separated); empty means every event',
		displayOptions: onlyVersion1,
	},
	{
		displayName: 'System ID',
		name: 'systemId',
		type: 'string',
		default: '',
		placeholder: 'e.g. bcf4c7f5682b4aa6875a0fc9bdfa21ca',
		description: 'Start only for events of this WalkMe system; empty means any',
		displayOptions: onlyVersion1,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'On First Poll',
				name: 'firstPoll',
				type: 'options',
				options: [
					{
						name: 'Start From Now',
						value: 'now',
						description:
							"Emit only events after the first poll: at activation, or at the first scheduled time under n8n's durable scheduler",
					},
					{
						name: 'Include the Last Hour',
						value: 'lastHour',
						description: 'Also emit the events of the hour before the first poll',
					},
				],
				default: 'now',
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
				default: MAX_PAGE_SIZE,
				description: 'How many events one request asks for; a poll reads every page of its window',
			},
		],
	},
];
