import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeItems, formatCount, pairedItems, reportApplied } from '../../shared/execution';
import type { LedgerEntry, LedgerWords } from '../../shared/batchLedger';
import { firstFailure, ledgerReport, runLedger, statusWord } from '../../shared/batchLedger';
import { fitHeadline } from '../../shared/errors';
import type { ApiResponse } from '../../shared/transport/types';
import { NOT_SAFE_TO_REPEAT_POLICY } from '../../shared/transport/request';
import { walkMeApiRequest } from '../../shared/transport/walkMe';
import type { ReadEntries, UserEntry } from './readEntries';

export const USER_DATA_PATH = '/public/v1/user/data';
/** WalkMe takes at most 100 entries per request. */
export const MAX_ENTRIES_PER_REQUEST = 100;

const WORDS: LedgerWords = {
	applied: 'accepted',
	mayHaveActed: 'may have been received',
	nothing: 'Nothing was accepted.',
};

/**
 * Sends the entries in requests of up to 100, `inParallel` at a time, and reports each request.
 * WalkMe only queues what it receives ("Request has been received") and documents no idempotency,
 * so a request that may have been received is not sent again.
 */
export async function sendEntries(
	context: IExecuteFunctions,
	read: ReadEntries,
): Promise<INodeExecutionData[]> {
	const batches: UserEntry[][] = [];
	for (let start = 0; start < read.entries.length; start += MAX_ENTRIES_PER_REQUEST)
		batches.push(read.entries.slice(start, start + MAX_ENTRIES_PER_REQUEST));
	const itemsOf = (index: number) =>
		batches[index].flatMap((user) => user.itemIndexes).sort((a, b) => a - b);
	const continueOnFail = context.continueOnFail();
	const entries = await runLedger(
		batches,
		read.inParallel,
		async (batch, index) => await sendBatch(context, read.token, batch, itemsOf(index)),
		!continueOnFail,
	);
	const failed = firstFailure(entries);
	if (failed >= 0 && !continueOnFail) {
		const statuses = entries.map((entry) => entry.status);
		const report = ledgerReport(
			statuses,
			WORDS,
			(indexes, status) => {
				const items = indexes.flatMap(itemsOf).sort((a, b) => a - b);
				const users = indexes.reduce((sum, index) => sum + batches[index].length, 0);
				const count = status === 'applied' ? ` (${formatCount(users)} user(s))` : '';
				return `item(s) ${describeItems(items)}${count}`;
			},
			[failed],
		);
		throw reportApplied(
			context,
			entries[failed].error,
			itemsOf(failed)[0],
			batches.length > 1 ? report : '',
			{
				requests: batches.map((_, index) => ({
					items: describeItems(itemsOf(index)),
					status: statusWord(statuses[index], WORDS),
				})),
			},
		);
	}
	const output = batches.map((batch, index) =>
		batchItem(entries[index], index, batches.length, batch, read.identifierName, itemsOf(index)),
	);
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

async function sendBatch(
	context: IExecuteFunctions,
	token: string,
	batch: UserEntry[],
	itemIndexes: number[],
): Promise<ApiResponse> {
	return await walkMeApiRequest.call(
		context,
		{
			method: 'POST',
			path: USER_DATA_PATH,
			body: { token, data: batch.map((entry) => entry.entry) },
			purpose: `update the attributes of item(s) ${describeItems(itemIndexes)}`,
			itemIndex: itemIndexes[0],
			ifOutcomeUncertain:
				'WalkMe may have received these users: check their attributes in WalkMe before sending them again.',
		},
		NOT_SAFE_TO_REPEAT_POLICY,
	);
}

/** One output item a request: WalkMe's answer, or (with continueOnFail) why it failed. */
function batchItem(
	entry: LedgerEntry<ApiResponse>,
	index: number,
	requests: number,
	batch: UserEntry[],
	identifierName: string,
	itemIndexes: number[],
): INodeExecutionData {
	const paired = pairedItems(itemIndexes);
	if (entry.value) {
		return {
			json: {
				request: index + 1,
				requests,
				users: batch.length,
				status: WORDS.applied,
				statusCode: entry.value.statusCode,
				attempts: entry.value.attempts,
				response: (entry.value.body ?? null) as IDataObject,
				...mergedUsers(batch, identifierName),
			},
			pairedItem: paired,
		};
	}
	const error = entry.error instanceof NodeApiError ? fitHeadline(entry.error) : entry.error;
	const status = statusWord(entry.status, WORDS);
	const details: IDataObject = { request: index + 1, users: batch.length, status };
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	if (error instanceof NodeApiError && error.description) details.description = error.description;
	return {
		json: {
			error: error instanceof Error ? error.message : `Request ${index + 1} was not sent`,
			details,
		},
		pairedItem: paired,
	};
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
