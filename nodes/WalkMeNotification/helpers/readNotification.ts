import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { DateTime } from 'luxon';

import type { JobInput } from '../../shared/execution';
import { formatCount } from '../../shared/execution';
import { inputError } from '../../shared/errors';
import { normalizeGuid } from '../../shared/guid';
import { asText, readInteger, readList, readRequiredText, readText } from '../../shared/parameters';
import type { PreparedUserIds } from '../../shared/userIds';
import { readUserIdList } from '../../shared/userIds';
import { readOptionalDateParameter, toWalkMeDate } from '../../shared/dates';
import type { Deduplication } from './deduplication';
import type { NotificationBody } from './notification';
import { compactSystemId, notificationType, overrideKey } from './notification';

export interface NotificationJob {
	base: NotificationBody;
	systemIds: string[];
	endUsers: PreparedUserIds;
	perRequest?: number;
	timeoutMs: number;
	deduplication?: Deduplication;
}

/** Reads and checks one notification job; nothing is sent until every job has been read. */
export function readNotificationJob(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	input: JobInput,
	allItems: boolean,
): NotificationJob {
	const i = input.paramIndex;
	const systemIds = readSystemIds(context, i);
	const templateId = readTemplateId(context, i);
	const audiencesIds = readAudienceIds(context, i);
	const endUsers = readEndUsers(context, items, input, allItems, audiencesIds.length > 0);
	const typeText = readText(context, 'notificationType', 'Notification Type', i) || 'push';
	const type = notificationType(typeText);
	if (!type)
		throw inputError(
			context,
			i,
			'Notification Type',
			`must be push or popup, not ${JSON.stringify(typeText)}`,
		);
	const { startAt, endAt } = readWindow(context, i);

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
	return { base, systemIds, endUsers, ...readSendOptions(context, i) };
}

function readSystemIds(context: IExecuteFunctions, i: number): string[] {
	return unique(
		readList(context, 'systemId', 'System ID', i).map((entry) => {
			const id = compactSystemId(entry);
			if (!id)
				throw inputError(
					context,
					i,
					'System ID',
					`is not a Workstation system ID: ${JSON.stringify(entry)}`,
					'Use the 32 hex digits of the system (Admin Center → Systems), the 8-4-4-4-12 form, or its snippet URL.',
				);
			return id;
		}),
	);
}

function readTemplateId(context: IExecuteFunctions, i: number): string {
	const templateText = readRequiredText(context, 'templateId', 'Template ID', i);
	const templateId = normalizeGuid(templateText);
	if (!templateId || templateText.includes('://')) {
		throw inputError(
			context,
			i,
			'Template ID',
			`is not a template GUID: ${JSON.stringify(templateText)}`,
			'Copy it in the Communication Center: New Notification → Custom Templates → the copy icon on the template.',
		);
	}
	return templateId;
}

function readAudienceIds(context: IExecuteFunctions, i: number): string[] {
	return unique(
		readList(context, 'audiencesIds', 'Audience IDs', i).map((entry) => {
			const guid = normalizeGuid(entry);
			if (!guid || entry.includes('://'))
				throw inputError(
					context,
					i,
					'Audience IDs',
					`: ${JSON.stringify(entry)} is not an audience GUID`,
					'In Audiences, open the ⋮ menu of the audience and click Copy ID.',
				);
			return guid;
		}),
	);
}

/** The end users, from a parameter or (to the users of all items) a field; some recipient is needed. */
function readEndUsers(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	input: JobInput,
	allItems: boolean,
	hasAudiences: boolean,
): PreparedUserIds {
	const i = input.paramIndex;
	const endUsers = readUserIdList(
		context,
		items,
		input,
		allItems
			? { field: readRequiredText(context, 'endUserIdField', 'End User ID Field', 0) }
			: { parameter: 'endUsersIds', label: 'End User IDs', fallback: '' },
		// The Notifications API documents no length limit for end-user IDs.
		{
			maxLength: Number.POSITIVE_INFINITY,
			shapeHint: 'End-user IDs are plain text; pick the ID field inside an object.',
		},
	);
	if (endUsers.userIds.length > 0 || hasAudiences) return endUsers;
	const where = allItems
		? `no end-user ID in field "${readRequiredText(context, 'endUserIdField', 'End User ID Field', 0)}" ` +
			`of the ${formatCount(input.itemIndexes.length)} input item(s) and no Audience IDs`
		: `End User IDs and Audience IDs in item ${i} are both empty`;
	throw new NodeOperationError(context.getNode(), `No recipients: ${where}`, {
		itemIndex: i,
		description: 'A notification needs end-user IDs, audience IDs, or both.',
	});
}

/** Start At and End At in the workflow's time zone: the window must end after it starts, and ahead. */
function readWindow(
	context: IExecuteFunctions,
	i: number,
): { startAt?: DateTime; endAt?: DateTime } {
	const zone = context.getTimezone();
	const startAt = readOptionalDateParameter(context, 'startAt', 'Start At', i, zone);
	const endAt = readOptionalDateParameter(context, 'endAt', 'End At', i, zone);
	const minute = (date: DateTime) => Math.floor(date.toMillis() / 60000);
	if (endAt && startAt && minute(endAt) <= minute(startAt)) {
		throw inputError(
			context,
			i,
			'End At',
			`(${toWalkMeDate(endAt)} UTC) must be after Start At (${toWalkMeDate(startAt)} UTC)`,
		);
	}
	if (endAt && minute(endAt) <= Math.floor(Date.now() / 60000)) {
		const passed = `(${toWalkMeDate(endAt)} UTC) is not in the future`;
		throw startAt
			? inputError(
					context,
					i,
					'End At',
					`${passed}: the notification's whole window has passed`,
					'Set an End At in the future.',
				)
			: inputError(
					context,
					i,
					'End At',
					`${passed}, and the notification starts now`,
					'Set a later End At, or a Start At before it.',
				);
	}
	return { startAt, endAt };
}

/** Options → End Users per Request, Timeout and the Deduplication Key with its window. */
function readSendOptions(
	context: IExecuteFunctions,
	i: number,
): Pick<NotificationJob, 'perRequest' | 'timeoutMs' | 'deduplication'> {
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
	const deduplicationKey = readText(context, 'options.deduplicationKey', 'Deduplication Key', i);
	if (deduplicationKey === '') return { perRequest, timeoutMs };
	const seconds = readInteger(context, 'options.deduplicationWindow', 'Deduplication Window', i, {
		fallback: 600,
		min: 1,
	});
	return {
		perRequest,
		timeoutMs,
		deduplication: { key: deduplicationKey, windowMs: 1000 * seconds },
	};
}

function readOverrides(
	context: IExecuteFunctions,
	itemIndex: number,
): Array<{ key: string; value: string }> {
	const entries =
		(context.getNodeParameter('overrides.override', itemIndex, []) as IDataObject[]) ?? [];
	const seen = new Set<string>();
	const fail = (problem: string, description?: string) =>
		inputError(context, itemIndex, 'Overrides', problem, description);
	return entries.map((entry, index) => {
		const key = overrideKey(asText(context, entry.key ?? '', 'Overrides → Key', itemIndex));
		if (key === '')
			throw fail(
				`: override ${index + 1} has an empty key`,
				"Type the template's placeholder, e.g. URL for ###URL###.",
			);
		if (key.includes('#'))
			throw fail(
				`: the key "${key}" has # inside, so it can never match a placeholder`,
				"Type the placeholder's name without the ### around it, e.g. URL for ###URL###.",
			);
		if (seen.has(key)) throw fail(`: the key "${key}" is given twice`);
		seen.add(key);
		return {
			key,
			value: asText(context, entry.value ?? '', `Overrides → Value of "${key}"`, itemIndex),
		};
	});
}

function unique(values: string[]): string[] {
	return [...new Set(values)];
}
