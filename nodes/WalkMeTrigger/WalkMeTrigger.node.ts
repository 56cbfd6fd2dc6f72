import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { triggerProperties } from './description';
import { describeEvent, nestDottedKeys, readEventFields } from './helpers/events';
import { readFilters, whyLeftOut } from './helpers/filters';
import { checkEvent, readPayloads } from './helpers/payload';
import { isRefusal, refuse } from './helpers/refusal';
import { verifySecret, walkMeWebhookSecretTest } from './helpers/verifySecret';

const WEBHOOK_PATH = 'walkme';

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
		properties: triggerProperties,
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
			walkMeWebhookSecretTest,
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const unauthorized = await verifySecret.call(this, options);
		if (unauthorized) return refuse.call(this, unauthorized);

		const payloads = await readPayloads.call(this, options);
		if (isRefusal(payloads)) return refuse.call(this, payloads);

		const { fields, assumed } = readEventFields(options);
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
