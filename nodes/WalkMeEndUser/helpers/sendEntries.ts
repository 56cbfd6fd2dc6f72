import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeItems, formatCount, pairedItems, reportApplied } from '../../shared/execution';
import { runBounded } from '../../shared/parallel';
import { fitHeadline, outcomeUncertain } from '../../shared/errors';
import { NOT_SAFE_TO_REPEAT_POLICY } from '../../shared/transport/request';
import { walkMeApiRequest } from '../../shared/transport/walkMe';
import type { ReadEntries, UserEntry } from './readEntries';

export const USER_DATA_PATH = '/public/v1/user/data';
/** WalkMe takes at most 100 entries per request. */
export const MAX_ENTRIES_PER_REQUEST = 100;

type BatchStatus = 'accepted' | 'failed' | 'may have been received' | 'not sent';

/**
 * Sends the entries in requests of up to 100, `inParallel` at a time, and reports each request.
 * WalkMe only queues what it receives ("Request has been received") and documents no idempotency,
 * so a request that may have been received is not sent again.
 */
export async function sendEntries(
	context: IExecuteFunctions,
	read: ReadEntries,
): Promise<INodeExecutionData[]> {
	const batches: Array<typeof read.entries> = [];
	for (let start = 0; start < read.entries.length; start += MAX_ENTRIES_PER_REQUEST)
		batches.push(read.entries.slice(start, start + MAX_ENTRIES_PER_REQUEST));
	const status: BatchStatus[] = batches.map(() => 'not sent');
	const itemsOf = (index: number) =>
		batches[index].flatMap((user) => user.itemIndexes).sort((a, b) => a - b);
	const continueOnFail = context.continueOnFail();
	const outcomes = await runBounded(
		batches,
		read.inParallel,
		async (batch, index) => {
			const itemIndexes = itemsOf(index);
			const response = await walkMeApiRequest.call(
				context,
				{
					method: 'POST',
					path: USER_DATA_PATH,
					body: { token: read.token, data: batch.map((entry) => entry.entry) },
					purpose: `update the attributes of item(s) ${describeItems(itemIndexes)}`,
					itemIndex: itemIndexes[0],
					ifOutcomeUncertain:
						'WalkMe may have received these users: check their attributes in WalkMe before sending them again.',
				},
				NOT_SAFE_TO_REPEAT_POLICY,
			);
			status[index] = 'accepted';
			return response;
		},
		(outcome) => outcome.status === 'rejected' && !continueOnFail,
	);

	outcomes.forEach((outcome, index) => {
		if (outcome?.status === 'rejected')
			status[index] = outcomeUncertain(outcome.reason) ? 'may have been received' : 'failed';
	});
	const firstFailure = outcomes.findIndex((outcome) => outcome?.status === 'rejected');
	if (firstFailure >= 0 && !continueOnFail) {
		// The other requests, by what became of them; the failed one is the error's own subject.
		const itemsWith = (wanted: BatchStatus) =>
			batches.flatMap((_, index) =>
				index !== firstFailure && status[index] === wanted ? itemsOf(index) : [],
			);
		const accepted = itemsWith('accepted');
		const notSent = itemsWith('not sent');
		const uncertain = itemsWith('may have been received');
		const state = [
			accepted.length > 0
				? `Accepted: item(s) ${describeItems(accepted)} (${formatCount(accepted.length)} user(s)).`
				: 'Nothing was accepted.',
			uncertain.length > 0 ? `May have been received: item(s) ${describeItems(uncertain)}.` : '',
			notSent.length > 0 ? `Not sent: item(s) ${describeItems(notSent)}.` : '',
		]
			.filter(Boolean)
			.join(' ');
		throw reportApplied(
			context,
			(outcomes[firstFailure] as PromiseRejectedResult).reason,
			itemsOf(firstFailure)[0],
			batches.length > 1 ? state : '',
			{
				requests: batches.map((_, index) => ({
					items: describeItems(itemsOf(index)),
					status: status[index],
				})),
			},
		);
	}

	const output: INodeExecutionData[] = batches.map((batch, index) => {
		const outcome = outcomes[index];
		const paired = pairedItems(itemsOf(index));
		if (outcome?.status === 'fulfilled') {
			return {
				json: {
					request: index + 1,
					requests: batches.length,
					users: batch.length,
					status: 'accepted',
					statusCode: outcome.value.statusCode,
					attempts: outcome.value.attempts,
					response: (outcome.value.body ?? null) as IDataObject,
					...mergedUsers(batch, read.identifierName),
				},
				pairedItem: paired,
			};
		}
		const reason = (outcome as PromiseRejectedResult | undefined)?.reason as unknown;
		const error = reason instanceof NodeApiError ? fitHeadline(reason) : reason;
		const details: IDataObject = { request: index + 1, users: batch.length, status: status[index] };
		if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
		if (error instanceof NodeApiError && error.description) details.description = error.description;
		return {
			json: {
				error: error instanceof Error ? error.message : `Request ${index + 1} was not sent`,
				details,
			},
			pairedItem: paired,
		};
	});
	for (const { itemIndex, error } of read.invalid) {
		output.push({
			json: {
				error: fitHeadline(error).message,
				details: { description: error.description ?? null },
			},
			pairedItem: { item: itemIndex },
		});
	}
	return output;
}

/** Users that several items named: sent once, with the later items' values (the output says which). */
function mergedUsers(batch: UserEntry[], identifierName: string): IDataObject {
	const merged = batch
		.filter((user) => user.itemIndexes.length > 1)
		.map((user) => ({
			[identifierName]: user.entry[identifierName],
			items: user.itemIndexes,
			replaced: user.replaced,
		}));
	return merged.length > 0 ? { merged } : {};
}
