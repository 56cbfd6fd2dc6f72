import type { INodeProperties } from 'n8n-workflow';

import { CATALOG_EVENTS, CATALOG_ITEM_TYPES } from './helpers/events';
import { ITEM_EVENTS } from './helpers/itemEvents';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'WalkMe Insights has no API to register webhooks: paste the Production URL above (with ?secret= and your ' +
			'secret when a credential is set) into a new webhook under Insights → Integrations → Real-Time ' +
			'Integrations, tick the item type, the event, wm.euId and created_at, and save; then activate this workflow.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Item Types',
		name: 'itemTypes',
		type: 'multiOptions',
		options: CATALOG_ITEM_TYPES.map((itemType) => ({ name: itemType, value: itemType })),
		default: [],
		description: 'Start only for events of these WalkMe items; none chosen means any',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: CATALOG_EVENTS.map((event) => ({ name: event, value: event })),
		default: [],
		description:
			'Start only for these events; none chosen means any. Others are answered 200 and start nothing.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Event Field',
				name: 'eventField',
				type: 'string',
				default: 'event',
				description:
					'The payload field that names the event (e.g. Click); matched loosely ("Conversation Started", "conversation_started")',
			},
			{
				displayName: 'Event of This Webhook',
				name: 'webhookEvent',
				type: 'options',
				options: ITEM_EVENTS.map((entry) => ({
					name: `${entry.itemType}: ${entry.event}`,
					value: `${entry.itemType}|${entry.event}`,
				})),
				default: 'Survey|Submitted',
				description:
					'Each Insights webhook sends one WalkMe event. Used when the payload does not name the item type or the event.',
			},
			{
				displayName: 'Item ID Field',
				name: 'itemIdField',
				type: 'string',
				default: 'oId',
			},
			{
				displayName: 'Item Name Field',
				name: 'itemNameField',
				type: 'string',
				default: 'oName',
			},
			{
				displayName: 'Item Type Field',
				name: 'itemTypeField',
				type: 'string',
				default: 'type',
				description:
					'The payload field that names the WalkMe item type (e.g. ShoutOut); matched loosely ("shoutout", "shout_out")',
			},
			{
				displayName: 'Nest Dotted Keys',
				name: 'nestDottedKeys',
				type: 'boolean',
				default: false,
				description:
					'Whether to turn keys such as "wm.euId" into nested objects ({"wm": {"euId": …}}) in the output',
			},
			{
				displayName: 'Occurred At Field',
				name: 'occurredAtField',
				type: 'string',
				default: 'created_at',
				description:
					'The payload field with the time of the event (epoch milliseconds in WalkMe payloads)',
			},
			{
				displayName: 'Secret Header',
				name: 'authHeader',
				type: 'string',
				default: 'x-walkme-secret',
				description: 'Where a sender that can add headers puts the secret',
			},
			{
				displayName: 'Secret Query Parameter',
				name: 'authQueryParameter',
				type: 'string',
				default: 'secret',
				description: 'The URL parameter that carries the secret (removed from the output)',
			},
			{
				displayName: 'Unknown Events',
				name: 'unknownEvents',
				type: 'options',
				options: [
					{
						name: 'Start the Workflow',
						value: 'pass',
						description: 'With walkme.category "unknown"',
					},
					{ name: 'Ignore Them', value: 'drop', description: 'Answer 200 and start nothing' },
				],
				default: 'pass',
				description: "Events that are not in WalkMe's table of item events",
			},
			{
				displayName: 'User ID Field',
				name: 'userIdField',
				type: 'string',
				default: 'wm.euId',
			},
		],
	},
];
