import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { DateTime } from 'luxon';

import type { JobInput } from '../../../shared/execution';
import {
	formatCount,
	jobError,
	jobForAllItems,
	jobPerItem,
	runJobs,
	withDetails,
} from '../../../shared/execution';
import { normalizeGuid } from '../../../shared/guid';
import {
	DEFAULT_PARALLEL_REQUESTS,
	MAX_PARALLEL_REQUESTS,
	readRequestsInParallel,
	runBounded,
} from '../../../shared/parallel';
import {
	asText,
	parameterValue,
	readField,
	readInteger,
	readList,
	readRequiredText,
	readText,
} from '../../../shared/parameters';
import { outcomeUncertain } from '../../../shared/transport/errors';
import { NOT_SAFE_TO_REPEAT_POLICY } from '../../../shared/transport/request';
import { walkMeApiRequest } from '../../../shared/transport/walkMe';
import type { PreparedUserIds, UserIdSource, UserIdSources } from '../../../shared/userIds';
import { UserIdShapeError, fieldSources, prepareUserIds } from '../../../shared/userIds';
import { DateInputError, readDate, toWalkMeDate } from '../../helpers/dates';
import type { NotificationBody } from '../../helpers/notification';
import {
	compactSystemId,
	notificationType,
	overrideKey,
	planNotificationRequests,
} from '../../helpers/notification';

export const NOTIFICATIONS_SEND_PATH = '/public/v1/notifications/send';
const MAY_HAVE_BEEN_DELIVERED =
	"WalkMe may have delivered this notification: check the Communication Center's notification list before sending it again.";

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
			'The custom template to send: in the Communication Center click New Notification, hover over the template under Custom Templates and click its copy icon',
	},
	{
		displayName: 'End User IDs',
		name: 'endUsersIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. name@email.com, other@email.com',
		description:
			'Who gets the notification: comma- or newline-separated end-user IDs, or an expression that returns a list. End User IDs, Audience IDs or both.',
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
			'The Workstation system: needed when your organisation has more than one. Several, comma-separated, send one notification per system (WalkMe takes one system per call).',
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
				displayName: 'End Users per Request',
				name: 'recipientsPerRequest',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				description:
					'Split a long list of end users into several requests of at most this many. Without it, all go in one request. Audiences go with the first request only.',
			},
			{
				displayName: 'Requests in Parallel',
				name: 'requestsInParallel',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
				default: DEFAULT_PARALLEL_REQUESTS,
				description:
					"How many notifications (per item, per system or per batch) are sent at once. WalkMe publishes no rate limit; a 429 answer pauses them all until WalkMe's Retry-After. 1 sends one after another.",
			},
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

interface NotificationJob {
	base: NotificationBody;
	systemIds: string[];
	endUsers: PreparedUserIds;
	perRequest?: number;
	timeoutMs: number;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const sendMode = this.getNodeParameter('sendMode', 0, 'perItem') as unknown;
	if (sendMode !== 'perItem' && sendMode !== 'allItems') {
		throw new NodeOperationError(
			this.getNode(),
			`Send in item 0 must be perItem or allItems, not ${JSON.stringify(sendMode)}`,
			{
				itemIndex: 0,
				description:
					'perItem sends one notification per item; allItems sends one notification to the users of all items.',
			},
		);
	}
	const allItems = sendMode === 'allItems';
	const inParallel = readRequestsInParallel(this);
	const jobs = allItems ? jobForAllItems(items) : jobPerItem(items);
	// Never more than inParallel requests at once: jobs in parallel send their own requests one at a
	// time, and a single job sends its requests (systems, batches) in parallel.
	const stepsInParallel = jobs.length > 1 ? 1 : inParallel;
	return await runJobs(
		this,
		jobs,
		(input) => readNotificationJob(this, items, input, allItems),
		async (job, input) => await sendNotification(this, job, input, stepsInParallel),
		{ concurrency: inParallel },
	);
}

function readNotificationJob(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	input: JobInput,
	allItems: boolean,
): NotificationJob {
	const i = input.paramIndex;
	const fail = (message: string, description?: string) =>
		new NodeOperationError(context.getNode(), message, { itemIndex: i, description });

	const systemIds = unique(
		readList(context, 'systemId', 'System ID', i).map((entry) => {
			const id = compactSystemId(entry);
			if (!id)
				throw fail(
					`System ID in item ${i} is not a Workstation system ID: ${JSON.stringify(entry)}`,
					'Use the 32 hex digits of the system (Admin Center → Systems), the 8-4-4-4-12 form, or its snippet URL.',
				);
			return id;
		}),
	);
	const templateText = readRequiredText(context, 'templateId', 'Template ID', i);
	const templateId = normalizeGuid(templateText);
	if (!templateId || templateText.includes('://')) {
		throw fail(
			`Template ID in item ${i} is not a template GUID: ${JSON.stringify(templateText)}`,
			'Copy it in the Communication Center: New Notification → Custom Templates → the copy icon on the template.',
		);
	}
	const audiencesIds = unique(
		readList(context, 'audiencesIds', 'Audience IDs', i).map((entry) => {
			const guid = normalizeGuid(entry);
			if (!guid || entry.includes('://'))
				throw fail(
					`Audience IDs in item ${i}: ${JSON.stringify(entry)} is not an audience GUID`,
					'In Audiences, open the ⋮ menu of the audience and click Copy ID.',
				);
			return guid;
		}),
	);
	const endUsers = readEndUsers(context, items, input, allItems);
	if (endUsers.userIds.length === 0 && audiencesIds.length === 0) {
		const where = allItems
			? `no end-user ID in field "${readRequiredText(context, 'endUserIdField', 'End User ID Field', 0)}" of the ${formatCount(input.itemIndexes.length)} input item(s) and no Audience IDs`
			: `End User IDs and Audience IDs in item ${i} are both empty`;
		throw fail(
			`No recipients: ${where}`,
			'A notification needs end-user IDs, audience IDs, or both.',
		);
	}

	const typeText = readText(context, 'notificationType', 'Notification Type', i) || 'push';
	const type = notificationType(typeText);
	if (!type)
		throw fail(
			`Notification Type in item ${i} must be push or popup, not ${JSON.stringify(typeText)}`,
		);

	const zone = context.getTimezone();
	const startAt = readOptionalDate(context, 'startAt', 'Start At', i, zone);
	const endAt = readOptionalDate(context, 'endAt', 'End At', i, zone);
	const minute = (date: DateTime) => Math.floor(date.toMillis() / 60000);
	if (endAt && startAt && minute(endAt) <= minute(startAt)) {
		throw fail(
			`End At in item ${i} (${toWalkMeDate(endAt)} UTC) must be after Start At (${toWalkMeDate(startAt)} UTC)`,
		);
	}
	if (endAt && minute(endAt) <= Math.floor(Date.now() / 60000)) {
		throw startAt
			? fail(
					`End At in item ${i} (${toWalkMeDate(endAt)} UTC) is not in the future: the notification's whole window has passed`,
					'Set an End At in the future.',
				)
			: fail(
					`End At in item ${i} (${toWalkMeDate(endAt)} UTC) is not in the future, and the notification starts now`,
					'Set a later End At, or a Start At before it.',
				);
	}

	const base: NotificationBody = { templateId, notificationType: type };
	if (audiencesIds.length > 0) base.audiencesIds = audiencesIds;
	for (const [name, label] of [
		['title', 'Title'],
		['runtimeTitle', 'Runtime Title'],
		['runtimeDescription', 'Runtime Description'],
	] as const) {
		const value = readText(context, name, label, i);
		if (value !== '') base[name] = value;
	}
	if (startAt) base.startAt = toWalkMeDate(startAt);
	if (endAt) base.endAt = toWalkMeDate(endAt);
	const overrides = readOverrides(context, i);
	if (overrides.length > 0) base.override = overrides;

	const options = context.getNodeParameter('options', i, {}) as IDataObject;
	const perRequest =
		options.recipientsPerRequest === undefined
			? undefined
			: readInteger(context, 'options.recipientsPerRequest', 'End Users per Request', i, {
					fallback: 10000,
					min: 1,
				});
	const timeoutMs =
		options.timeout === undefined
			? 30000
			: readInteger(context, 'options.timeout', 'Timeout', i, { fallback: 30000, min: 100 });
	return { base, systemIds, endUsers, perRequest, timeoutMs };
}

function readEndUsers(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	input: JobInput,
	allItems: boolean,
): PreparedUserIds {
	let label: string;
	let sources: UserIdSource[] | UserIdSources;
	if (allItems) {
		const field = readRequiredText(context, 'endUserIdField', 'End User ID Field', 0);
		label = `Field "${field}"`;
		sources = fieldSources(input.itemIndexes, (itemIndex) =>
			readField(items[itemIndex].json, field),
		);
	} else {
		label = 'End User IDs';
		sources = [
			{
				value: parameterValue(context, 'endUsersIds', input.paramIndex, ''),
				itemIndex: input.paramIndex,
			},
		];
	}
	try {
		// The Notifications API documents no length limit for end-user IDs.
		return prepareUserIds(sources, Number.POSITIVE_INFINITY);
	} catch (error) {
		if (error instanceof UserIdShapeError) {
			throw new NodeOperationError(
				context.getNode(),
				`${label} in item ${error.itemIndex}: ${error.message}`,
				{
					itemIndex: error.itemIndex,
					description: 'End-user IDs are plain text; pick the ID field inside an object.',
				},
			);
		}
		throw new NodeOperationError(context.getNode(), error as Error, {
			itemIndex: input.paramIndex,
		});
	}
}

function readOptionalDate(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	zone: string,
): DateTime | undefined {
	const value = parameterValue(context, name, itemIndex, '');
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
		return undefined;
	try {
		return readDate(value, zone);
	} catch (error) {
		if (error instanceof DateInputError) {
			throw new NodeOperationError(
				context.getNode(),
				`${label} in item ${itemIndex} ${error.message}`,
				{ itemIndex },
			);
		}
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
}

function readOverrides(
	context: IExecuteFunctions,
	itemIndex: number,
): Array<{ key: string; value: string }> {
	const entries =
		(context.getNodeParameter('overrides.override', itemIndex, []) as IDataObject[]) ?? [];
	const seen = new Set<string>();
	return entries.map((entry, index) => {
		const key = overrideKey(asText(context, entry.key ?? '', 'Overrides → Key', itemIndex));
		if (key === '') {
			throw new NodeOperationError(
				context.getNode(),
				`Overrides in item ${itemIndex}: override ${index + 1} has an empty key`,
				{
					itemIndex,
					description: "Type the template's placeholder, e.g. URL for ###URL###.",
				},
			);
		}
		if (key.includes('#')) {
			throw new NodeOperationError(
				context.getNode(),
				`Overrides in item ${itemIndex}: the key "${key}" has # inside, so it can never match a placeholder`,
				{
					itemIndex,
					description:
						"Type the placeholder's name without the ### around it, e.g. URL for ###URL###.",
				},
			);
		}
		if (seen.has(key)) {
			throw new NodeOperationError(
				context.getNode(),
				`Overrides in item ${itemIndex}: the key "${key}" is given twice`,
				{ itemIndex },
			);
		}
		seen.add(key);
		return {
			key,
			value: asText(context, entry.value ?? '', `Overrides → Value of "${key}"`, itemIndex),
		};
	});
}

interface Delivery extends IDataObject {
	systemId: string | null;
	batch: number;
	endUsers: number;
	status: 'delivered' | 'failed' | 'may have been delivered' | 'not sent';
}

async function sendNotification(
	context: IExecuteFunctions,
	job: NotificationJob,
	input: JobInput,
	inParallel: number,
): Promise<IDataObject> {
	const plan = planNotificationRequests(
		job.base,
		job.systemIds,
		job.endUsers.userIds,
		job.perRequest,
	);
	const deliveries: Delivery[] = plan.map((step) => ({
		systemId: step.systemId ?? null,
		batch: step.batch,
		endUsers: step.notification.endUsersIds?.length ?? 0,
		status: 'not sent',
	}));
	const outcomes = await runBounded(
		plan,
		inParallel,
		async (step, index) => {
			const where = [
				step.systemId ? ` to system ${step.systemId}` : '',
				step.batches > 1 ? ` (batch ${step.batch} of ${step.batches})` : '',
			].join('');
			const response = await walkMeApiRequest.call(
				context,
				{
					method: 'POST',
					path: NOTIFICATIONS_SEND_PATH,
					body: { notification: step.notification },
					purpose: `send the notification${where}`,
					itemIndex: input.paramIndex,
					timeoutMs: job.timeoutMs,
					ifOutcomeUncertain: MAY_HAVE_BEEN_DELIVERED,
				},
				NOT_SAFE_TO_REPEAT_POLICY,
			);
			Object.assign(deliveries[index], {
				status: 'delivered',
				statusCode: response.statusCode,
				attempts: response.attempts,
				response: (response.body ?? null) as IDataObject,
				notification: step.notification,
			});
		},
		(outcome) => outcome.status === 'rejected',
	);
	let failure: unknown;
	outcomes.forEach((outcome, index) => {
		if (outcome?.status !== 'rejected') return;
		failure ??= outcome.reason;
		const error = outcome.reason as unknown;
		const statusCode =
			error instanceof NodeApiError && error.httpCode ? Number(error.httpCode) : undefined;
		Object.assign(deliveries[index], {
			status: outcomeUncertain(error) ? 'may have been delivered' : 'failed',
			notification: plan[index].notification,
			...(statusCode ? { statusCode } : {}),
		});
	});
	if (failure !== undefined) throw partialDelivery(context, failure, deliveries, input.paramIndex);
	return {
		...summary(job),
		requests: plan.length,
		deliveries,
	};
}

function summary(job: NotificationJob): IDataObject {
	// The recipients are counted, never listed: a summary of 50,000 IDs would drown the output.
	const sent: IDataObject = { ...job.base };
	delete sent.endUsersIds;
	return {
		...sent,
		systemIds: job.systemIds,
		endUsers: job.endUsers.userIds.length,
		endUsersReceived: job.endUsers.received,
		emptyRemoved: job.endUsers.emptyRemoved,
		duplicatesRemoved: job.endUsers.duplicatesRemoved,
	};
}

/** Says exactly which requests delivered, which failed and which were never sent. */
function partialDelivery(
	context: IExecuteFunctions,
	error: unknown,
	deliveries: Delivery[],
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const describe = (entry: Delivery) =>
		[
			entry.systemId ? `system ${entry.systemId}` : 'the default system',
			entry.endUsers > 0 ? `${formatCount(entry.endUsers)} end user(s)` : '',
		]
			.filter(Boolean)
			.join(', ') + (deliveries.some((other) => other.batch > 1) ? ` (batch ${entry.batch})` : '');
	const delivered = deliveries.filter((entry) => entry.status === 'delivered');
	const notSent = deliveries.filter((entry) => entry.status === 'not sent');
	let state = '';
	if (deliveries.length > 1) {
		state +=
			delivered.length > 0
				? ` Delivered: ${delivered.map(describe).join('; ')}.`
				: ' Nothing was delivered.';
		if (notSent.length > 0) state += ` Not sent: ${notSent.map(describe).join('; ')}.`;
	}
	const details = { deliveries };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.message = `${error.message}${state && !/[.!?]$/.test(error.message) ? '.' : ''}${state}`;
		return withDetails(error, details);
	}
	return jobError(context, `${error instanceof Error ? error.message : String(error)}${state}`, {
		itemIndex,
		details,
	});
}

function unique(values: string[]): string[] {
	return [...new Set(values)];
}
