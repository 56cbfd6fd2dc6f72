import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { jobForAllItems, jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel, requestsInParallelOption } from '../../../shared/parallel';
import { readNotificationJob } from '../../helpers/readNotification';
import { SentKeys } from '../../helpers/deduplication';
import { heldBack, sendNotification } from '../../helpers/sendNotification';

const properties: INodeProperties[] = [
	{
		displayName: 'Send',
		name: 'sendMode',
		type: 'options',
		options: [
			{
				name: 'One Notification per Item',
				value: 'perItem',
				description:
					'Each input item sends its own notification, with its own recipients, texts and overrides',
			},
			{
				name: 'One Notification to the Users of All Items',
				value: 'allItems',
				description:
					'Every input item adds the end-user ID in one field; one notification goes to all of them',
			},
		],
		default: 'perItem',
	},
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 75cfcba6-c320-42cb-938e-4c2bd08a43a3',
		description:
			'The custom template to send: in the Communication Center click New Notification, ' +
			'hover over the template under Custom Templates and click its copy icon',
	},
	{
		displayName: 'End User IDs',
		name: 'endUsersIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. name@email.com, other@email.com',
		description:
			'Who gets the notification: comma- or newline-separated end-user IDs, or ' +
			'an expression that returns a list. End User IDs, Audience IDs or both.',
		displayOptions: { show: { sendMode: ['perItem'] } },
	},
	{
		displayName: 'End User ID Field',
		name: 'endUserIdField',
		type: 'string',
		required: true,
		default: 'email',
		placeholder: 'e.g. email or owner.email',
		description:
			'The field of each input item that holds its end-user ID (dot notation for nested fields)',
		hint: 'The IDs are trimmed and de-duplicated; one notification goes to all of them',
		displayOptions: { show: { sendMode: ['allItems'] } },
	},
	{
		displayName: 'Audience IDs',
		name: 'audiencesIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. cf0bd4c1-86fd-4c79-a46a-c730d6789e63',
		description:
			'Audiences that get the notification: in Audiences hover over one, open the ⋮ menu and click Copy ID. Comma-separated for several.',
	},
	{
		displayName: 'System ID',
		name: 'systemId',
		type: 'string',
		default: '',
		placeholder: 'e.g. bcf4c7f5682b4aa6875a0fc9bdfa21ca',
		description:
			'The Workstation system: needed when your organisation has more than one. Several, ' +
			'comma-separated, send one notification per system (WalkMe takes one system per call).',
	},
	{
		displayName: 'Notification Type',
		name: 'notificationType',
		type: 'options',
		options: [
			{
				name: 'Push',
				value: 'push',
				description: 'Shown in the Workstation list and as a push message',
			},
			{ name: 'Popup', value: 'popup', description: 'Shown as a popup in Workstation' },
		],
		default: 'push',
	},
	{
		displayName: 'Runtime Title',
		name: 'runtimeTitle',
		type: 'string',
		default: '',
		description:
			'What end users see as the title, in the Workstation list and the push message. Empty: the template decides.',
	},
	{
		displayName: 'Runtime Description',
		name: 'runtimeDescription',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description:
			'What end users see as the text, in the Workstation list and the push message. Empty: the template decides.',
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description:
			"The notification's name in the Communication Center's notification table (end users do not see it)",
	},
	{
		displayName: 'Start At',
		name: 'startAt',
		type: 'dateTime',
		default: '',
		description:
			"When the notification starts showing; empty means now. A date without a time zone is in the workflow's time zone; WalkMe is sent UTC.",
	},
	{
		displayName: 'End At',
		name: 'endAt',
		type: 'dateTime',
		default: '',
		description:
			"When it stops showing; empty means WalkMe's default (30 days). Must be after Start At.",
	},
	{
		displayName: 'Overrides',
		name: 'overrides',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Override',
		default: {},
		description:
			"Values for the template's ###PLACEHOLDERS###, e.g. key URL (or ###URL###) with the link to open",
		options: [
			{
				name: 'override',
				displayName: 'Override',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. URL' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://crm.example.com/lead/42',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Deduplication Key',
				name: 'deduplicationKey',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.leadId }}-assigned',
				description:
					'A notification with a key already sent within the window is not sent again (the item says so). For assistants ' +
					'and retries that may call twice by mistake; see the README for what holds across executions and in queue mode.',
			},
			{
				displayName: 'Deduplication Window (Seconds)',
				name: 'deduplicationWindow',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 600,
				description: 'How long a Deduplication Key holds back the same notification',
			},
			{
				displayName: 'End Users per Request',
				name: 'recipientsPerRequest',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				description:
					'Split a long list of end users into several requests of at most this many. ' +
					'Without it, all go in one request. Audiences go with the first request only.',
			},
			requestsInParallelOption(
				'notifications (per item, per system or per batch) are sent',
				'WalkMe',
			),
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 30000,
				description:
					'How long to wait for WalkMe to answer. A notification whose answer does not come is not sent again (WalkMe may have delivered it).',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['notification'], operation: ['send'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const sendMode = this.getNodeParameter('sendMode', 0, 'perItem') as unknown;
	if (sendMode !== 'perItem' && sendMode !== 'allItems') {
		throw inputError(
			this,
			0,
			'Send',
			`must be perItem or allItems, not ${JSON.stringify(sendMode)}`,
			'perItem sends one notification per item; allItems sends one notification to the users of all items.',
		);
	}
	const allItems = sendMode === 'allItems';
	const inParallel = readRequestsInParallel(this);
	const jobs = allItems ? jobForAllItems(items) : jobPerItem(items);
	// Never more than inParallel requests at once: jobs in parallel send their own requests one at a
	// time, and a single job sends its requests (systems, batches) in parallel.
	const stepsInParallel = jobs.length > 1 ? 1 : inParallel;
	let sentKeys: SentKeys | undefined;
	return await runJobs(
		this,
		jobs,
		(input) => readNotificationJob(this, items, input, allItems),
		async (job, input) => {
			if (!job.deduplication) return await sendNotification(this, job, input, stepsInParallel);
			sentKeys ??= new SentKeys(this);
			const sentAt = sentKeys.sentWithinWindow(job.deduplication.key);
			if (sentAt !== undefined) return heldBack(job, sentAt);
			// Claimed before the first await, so a second item with this key in this run is held back.
			sentKeys.claim(job.deduplication);
			return await sendNotification(this, job, input, stepsInParallel, sentKeys);
		},
		{ concurrency: inParallel },
	);
}
