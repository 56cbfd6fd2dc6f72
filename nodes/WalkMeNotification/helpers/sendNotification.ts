import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { JobInput } from '../../shared/execution';
import { formatCount, reportApplied } from '../../shared/execution';
import type { LedgerEntry, LedgerWords } from '../../shared/batchLedger';
import { firstFailure, ledgerReport, runLedger, statusWord } from '../../shared/batchLedger';
import type { ApiResponse } from '../../shared/transport/types';
import { NOT_SAFE_TO_REPEAT_POLICY } from '../../shared/transport/request';
import { walkMeApiRequest } from '../../shared/transport/walkMe';
import type { PlannedNotification } from './notification';
import { planNotificationRequests } from './notification';
import type { Deduplication, SentKeys } from './deduplication';
import type { NotificationJob } from './readNotification';

export const NOTIFICATIONS_SEND_PATH = '/public/v1/notifications/send';
const MAY_HAVE_BEEN_DELIVERED =
	"WalkMe may have delivered this notification: check the Communication Center's notification list before sending it again.";

const WORDS: LedgerWords = {
	applied: 'delivered',
	mayHaveActed: 'may have been delivered',
	nothing: 'Nothing was delivered.',
};

interface Delivery extends IDataObject {
	systemId: string | null;
	batch: number;
	endUsers: number;
	status: string;
}

/**
 * Sends one job's notification: one request per system and batch, `inParallel` at a time. A request
 * that may have delivered is never sent again; a failure says what was delivered and what was not.
 */
export async function sendNotification(
	context: IExecuteFunctions,
	job: NotificationJob,
	input: JobInput,
	inParallel: number,
	sentKeys?: SentKeys,
): Promise<IDataObject> {
	const plan = planNotificationRequests(
		job.base,
		job.systemIds,
		job.endUsers.userIds,
		job.perRequest,
	);
	const entries = await runLedger(
		plan,
		inParallel,
		async (step) => await sendStep(context, step, job.timeoutMs, input.paramIndex),
		true,
	);
	const deliveries = plan.map((step, index) => delivery(step, entries[index]));
	const failed = firstFailure(entries);
	if (failed >= 0) {
		// A retry may send it then; a notification that may have gone out keeps its key.
		const nothingDelivered = entries.every(
			(entry) => entry.status === 'failed' || entry.status === 'not sent',
		);
		if (job.deduplication && nothingDelivered) sentKeys?.release(job.deduplication.key);
		throw partialDelivery(context, entries, failed, deliveries, input.paramIndex);
	}
	return {
		...summary(job),
		requests: plan.length,
		deliveries,
	};
}

async function sendStep(
	context: IExecuteFunctions,
	step: PlannedNotification,
	timeoutMs: number,
	itemIndex: number,
): Promise<ApiResponse> {
	const where = [
		step.systemId ? ` to system ${step.systemId}` : '',
		step.batches > 1 ? ` (batch ${step.batch} of ${step.batches})` : '',
	].join('');
	return await walkMeApiRequest.call(
		context,
		{
			method: 'POST',
			path: NOTIFICATIONS_SEND_PATH,
			body: { notification: step.notification },
			purpose: `send the notification${where}`,
			itemIndex,
			timeoutMs,
			ifOutcomeUncertain: MAY_HAVE_BEEN_DELIVERED,
		},
		NOT_SAFE_TO_REPEAT_POLICY,
	);
}

/** One request's line of the output's deliveries. */
function delivery(step: PlannedNotification, entry: LedgerEntry<ApiResponse>): Delivery {
	const line: Delivery = {
		systemId: step.systemId ?? null,
		batch: step.batch,
		endUsers: step.notification.endUsersIds?.length ?? 0,
		status: statusWord(entry.status, WORDS),
	};
	if (entry.value) {
		return Object.assign(line, {
			statusCode: entry.value.statusCode,
			attempts: entry.value.attempts,
			response: (entry.value.body ?? null) as IDataObject,
			notification: step.notification,
		});
	}
	if (entry.error === undefined) return line;
	const error = entry.error;
	const statusCode =
		error instanceof NodeApiError && error.httpCode ? Number(error.httpCode) : undefined;
	return Object.assign(line, {
		notification: step.notification,
		...(statusCode ? { statusCode } : {}),
	});
}

/** The output of a notification held back by its Deduplication Key: nothing was sent. */
export function heldBack(job: NotificationJob, sentAt: number): IDataObject {
	const { key, windowMs } = job.deduplication as Deduplication;
	return {
		...summary(job),
		sent: false,
		heldBack:
			`A notification with Deduplication Key "${key}" was sent at ${new Date(sentAt).toISOString()}, ` +
			`within the ${windowMs / 1000}-second window: not sent again`,
		deduplicationKey: key,
		requests: 0,
		deliveries: [],
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

/** Says exactly which requests delivered, which may have, and which were never sent. */
function partialDelivery(
	context: IExecuteFunctions,
	entries: Array<LedgerEntry<ApiResponse>>,
	failed: number,
	deliveries: Delivery[],
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const batched = deliveries.some((other) => other.batch > 1);
	const describe = (indexes: number[]) =>
		indexes
			.map((index) => {
				const entry = deliveries[index];
				const where = [
					entry.systemId ? `system ${entry.systemId}` : 'the default system',
					entry.endUsers > 0 ? `${formatCount(entry.endUsers)} end user(s)` : '',
				]
					.filter(Boolean)
					.join(', ');
				return where + (batched ? ` (batch ${entry.batch})` : '');
			})
			.join('; ');
	const statuses = entries.map((entry) => entry.status);
	const state = deliveries.length > 1 ? ledgerReport(statuses, WORDS, describe, [failed]) : '';
	return reportApplied(context, entries[failed].error, itemIndex, state, { deliveries });
}
