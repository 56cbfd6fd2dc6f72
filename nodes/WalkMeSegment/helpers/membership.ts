import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JobInput } from '../../shared/execution';
import { formatCount, jobForAllItems, jobPerItem } from '../../shared/execution';
import { readRequiredText, readText } from '../../shared/parameters';
import type { PreparedUserIds } from '../../shared/userIds';
import { MAX_USER_ID_LENGTH, readUserIdList } from '../../shared/userIds';
import type { SegmentJobResult } from './segmentJob';
import { readSystemGuid } from './segments';

/** One job per item, or one for all items, as the User IDs From parameter says. */
export function membershipInputs(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
): JobInput[] {
	const source = context.getNodeParameter('userIdSource', 0, 'allItems') as string;
	return source === 'allItems' ? jobForAllItems(items) : jobPerItem(items);
}

/**
 * Reads and cleans the user IDs of a job, failing (naming the field and the item) on a list that
 * ends up empty, on a value that cannot be a user ID, and on an over-long ID unless skipping.
 */
export function readUserIds(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	input: JobInput,
): PreparedUserIds & { field: string } {
	const source = context.getNodeParameter('userIdSource', 0, 'allItems') as string;
	const options = context.getNodeParameter('options', input.paramIndex, {}) as IDataObject;
	const field =
		source === 'allItems'
			? readRequiredText(context, 'userIdField', 'User ID Field', 0)
			: undefined;
	const prepared = readUserIdList(
		context,
		items,
		input,
		field === undefined
			? { parameter: 'userIds', label: 'User IDs', fallback: undefined }
			: { field },
		{
			maxLength: MAX_USER_ID_LENGTH,
			shapeHint: 'WalkMe user IDs are plain strings; nested objects cannot be sent.',
		},
	);

	if (prepared.invalid.length > 0 && options.skipInvalidUserIds !== true) {
		const first = prepared.invalid[0];
		throw new NodeOperationError(
			context.getNode(),
			`${prepared.label} in item ${first.itemIndex} holds a user ID ${first.reason}`,
			{
				itemIndex: first.itemIndex,
				description:
					`The ID: "${first.userId}". WalkMe accepts user IDs of up to ${MAX_USER_ID_LENGTH} characters. ` +
					`${formatCount(prepared.invalid.length)} ` +
					`ID(s) are too long; turn on Options → Skip Invalid User IDs to leave them out.`,
			},
		);
	}
	if (prepared.userIds.length === 0) {
		const where =
			field === undefined
				? `in User IDs of item ${input.paramIndex}`
				: `in field "${field}" of the ${formatCount(input.itemIndexes.length)} input item(s)`;
		throw new NodeOperationError(context.getNode(), `No user IDs found ${where}`, {
			itemIndex: input.paramIndex,
			description:
				prepared.invalid.length > 0
					? 'Every ID was skipped as invalid.'
					: 'An empty list would create an empty segment or wipe an existing one, so nothing was sent.',
		});
	}
	return { ...prepared, field: field ?? 'User IDs' };
}

/** The part of the output every membership operation shares. */
export function userIdReport(prepared: PreparedUserIds): IDataObject {
	const report: IDataObject = {
		usersReceived: prepared.received,
		emptyRemoved: prepared.emptyRemoved,
		duplicatesRemoved: prepared.duplicatesRemoved,
		usersSent: prepared.userIds.length,
	};
	if (prepared.invalid.length > 0) {
		report.invalidSkipped = prepared.invalid.length;
		report.invalidUserIds = prepared.invalid.map((entry) => ({ ...entry }));
	}
	return report;
}

/** The inputs of a job that names its segment (Create, Create or Override). */
export function readNamedSegmentJob(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	input: JobInput,
) {
	return {
		systemGuid: readSystemGuid(context, input.paramIndex),
		name: readRequiredText(context, 'name', 'Name', input.paramIndex),
		externalId: readText(context, 'externalId', 'External ID', input.paramIndex) || undefined,
		users: readUserIds(context, items, input),
	};
}

/** The output item of a membership job. */
export function membershipOutput(
	job: { systemGuid: string; users: PreparedUserIds },
	result: SegmentJobResult,
	fields: IDataObject,
	extraRequests = 0,
): IDataObject {
	return {
		systemGuid: job.systemGuid,
		segmentGuid: result.segmentGuid,
		...fields,
		...userIdReport(job.users),
		requests: extraRequests + result.requests,
		chunks: result.chunks,
	};
}
