import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { FieldNames } from './helpers/events';
import {
	CATALOG_EVENTS,
	CATALOG_ITEM_TYPES,
	describeEvent,
	nestDottedKeys,
} from './helpers/events';
import { readFilters, whyLeftOut } from './helpers/filters';
import { ITEM_EVENTS } from './helpers/itemEvents';
import { checkEvent, readPayloads } from './helpers/payload';
import { isRefusal, refuse } from './helpers/refusal';
import { verifySecret } from './helpers/verifySecret';

const WEBHOOK_PATH = 'walkme';
const MIN_SECRET_LENGTH = 16;

export class WalkMeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WalkMe Trigger',
		name: 'walkMeTrigger',
		icon: { light: 'file:../icons/walkme.svg', dark: 'file:../icons/walkme.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves exactly as 1. n8n evaluates an expression for a binaryData option on every call
		// to a version-1 webhook node (a legacy of its own Webhook node), several ms of CPU an event.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{$parameter["events"].length ? $parameter["events"].join(", ") : "any WalkMe item event"}}',
		description:
			'Starts the workflow when WalkMe Insights sends an item event (ShoutOut clicked, Survey submitted…) by webhook',
		defaults: { name: 'WalkMe Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'walkMeWebhookApi', required: false, testedBy: 'walkMeWebhookSecretTest' },
		],
		// Insights calls with GET or POST, as its admin chooses; both reach the same URL. An empty
		// responseData lets the node's own answer through (n8n would otherwise send its default's name).
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: WEBHOOK_PATH,
			},
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				responseData: '',
				path: WEBHOOK_PATH,
			},
		],
		properties: [
			{
				displayName:
					'WalkMe Insights has no API to register webhooks, so this node registers nothing: copy the Production URL above, then in Insights open Integrations → Real-Time Integrations → Webhooks → New webhook, pick the WalkMe event, choose POST (or GET), paste the URL (with ?secret= and your secret at its end when a credential is set), tick the event properties to send — the item type, the event, wm.euId and created_at at least — and save. Then activate this workflow.',
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
		],
	};

	// WalkMe Insights has no API for webhooks: the admin pastes the URL into Insights by hand, and
	// nothing can be registered, looked up or removed from here. These tell n8n there is nothing
	// for it to create or delete, and call no one.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	methods = {
		credentialTest: {
			async walkMeWebhookSecretTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = String(credential.data?.secret ?? '');
				if (secret.trim() !== secret || secret.length < MIN_SECRET_LENGTH) {
					return {
						status: 'Error',
						message: `Use a secret of at least ${MIN_SECRET_LENGTH} characters, without spaces at either end`,
					};
				}
				if (!/^[A-Za-z0-9._~-]+$/.test(secret)) {
					return {
						status: 'Error',
						message: 'Use letters, digits and - . _ ~ only, so the secret can go in a URL as it is',
					};
				}
				return {
					status: 'OK',
					message: 'The secret can be used in the URL you paste into WalkMe Insights',
				};
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const unauthorized = await verifySecret.call(this, options);
		if (unauthorized) return refuse.call(this, unauthorized);

		const payloads = await readPayloads.call(this, options);
		if (isRefusal(payloads)) return refuse.call(this, payloads);

		const fields: FieldNames = {
			itemType: String(options.itemTypeField ?? 'type'),
			event: String(options.eventField ?? 'event'),
			userId: String(options.userIdField ?? 'wm.euId'),
			occurredAt: String(options.occurredAtField ?? 'created_at'),
			itemId: String(options.itemIdField ?? 'oId'),
			itemName: String(options.itemNameField ?? 'oName'),
		};
		const [assumedType, assumedEvent] =
			typeof options.webhookEvent === 'string' ? options.webhookEvent.split('|') : [];
		const assumed =
			assumedType && assumedEvent ? { itemType: assumedType, event: assumedEvent } : undefined;
		const described = payloads.map((payload) => ({
			payload,
			walkme: describeEvent(payload, fields, assumed),
		}));
		for (const [index, { payload, walkme }] of described.entries()) {
			const invalid = checkEvent(payload, walkme, index + 1, fields.event);
			if (invalid) return refuse.call(this, invalid);
		}

		const filters = readFilters.call(this, options.unknownEvents);
		const leftOut: string[] = [];
		const items: INodeExecutionData[] = [];
		for (const { payload, walkme } of described) {
			const reason = whyLeftOut(walkme, filters);
			if (reason !== undefined) {
				leftOut.push(reason);
				continue;
			}
			const json = options.nestDottedKeys === true ? nestDottedKeys(payload) : { ...payload };
			items.push({ json: { ...json, walkme: walkme as unknown as IDataObject } });
		}
		if (items.length === 0) {
			return { webhookResponse: { received: true, started: false, reason: leftOut.join('; ') } };
		}
		// Answered at once, before the workflow runs: Insights waits about 5 seconds.
		const answer: IDataObject = { received: true, started: true, events: items.length };
		if (leftOut.length > 0) answer.ignored = leftOut;
		return { workflowData: [items], webhookResponse: answer };
	}
}
