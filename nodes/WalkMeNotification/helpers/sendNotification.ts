import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { JobInput } from '../../shared/execution';
import { formatCount, reportApplied } from '../../shared/execution';
import { runBounded } from '../../shared/parallel';
import { outcomeUncertain } from '../../shared/errors';
import { NOT_SAFE_TO_REPEAT_POLICY } from '../../shared/transport/request';
import { walkMeApiRequest } from '../../shared/transport/walkMe';
import { planNotificationRequests } from './notification';
import type { Deduplication, SentKeys } from './deduplication';
import type { NotificationJob } from './readNotification';

export const NOTIFICATIONS_SEND_PATH = '/public/v1/notifications/send';
const MAY_HAVE_BEEN_DELIVERED =
	"WalkMe may have delivered this notification: check the Communication Center's notification list before sending it again.";

interface Delivery extends IDataObject {
	systemId: string | null;
	batch: number;
	endUsers: number;
	status: 'delivered' | 'failed' | 'may have been delivered' | 'not sent';
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
	if (failure !== undefined) {
		const nothingDelivered = deliveries.every(
			(entry) => entry.status === 'failed' || entry.status === 'not sent',
		);
		// A retry may send it then; a notification that may have gone out keeps its key.
		if (job.deduplication && nothingDelivered) sentKeys?.release(job.deduplication.key);
		throw partialDelivery(context, failure, deliveries, input.paramIndex);
	}
	return {
		...summary(job),
		requests: plan.length,
		deliveries,
	};
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
	return reportApplied(context, error, itemIndex, state.trim(), { deliveries });
}
