import type {
	Failure,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { fitHeadline } from './errors';
import { declareFailure } from './failure';
import type { LedgerEntry, RequestStatus } from './batchLedger';
import { firstFailure, runLedger } from './batchLedger';

/** A unit of work: the input items it stands for, and the item whose parameters it reads. */
export interface JobInput {
	itemIndexes: number[];
	paramIndex: number;
}

/**
 * Attaches what a failed job did and did not apply to its error (in n8n's error context), for the
 * continueOnFail item, whatever the error's class (an API failure stays a NodeApiError).
 */
export function withDetails<E extends NodeOperationError | NodeApiError>(
	error: E,
	details: IDataObject,
): E {
	error.context.details = { ...errorDetailsOf(error), ...details };
	return error;
}

function errorDetailsOf(error: NodeOperationError | NodeApiError): IDataObject {
	const details = error.context.details;
	return details && typeof details === 'object' ? (details as IDataObject) : {};
}

/**
 * A NodeOperationError with details for the continueOnFail item; `failure` where the job failed for
 * a reason n8n knows (an answer that is not the API's, a call that failed under it).
 */
export function jobError(
	context: IExecuteFunctions,
	message: string,
	options: { itemIndex: number; description?: string; details?: IDataObject; failure?: Failure },
): NodeOperationError {
	const { itemIndex, description, failure } = options;
	const error = new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description,
		failure,
	});
	return withDetails(declareFailure(error, failure), options.details ?? {});
}

export function pairedItems(itemIndexes: number[]): IPairedItemData[] {
	return itemIndexes.map((item) => ({ item }));
}

/** One job per input item. */
export function jobPerItem(items: INodeExecutionData[]): JobInput[] {
	return items.map((_, index) => ({ itemIndexes: [index], paramIndex: index }));
}

/** One job for all input items, reading its parameters from the first. */
export function jobForAllItems(items: INodeExecutionData[]): JobInput[] {
	return items.length === 0 ? [] : [{ itemIndexes: items.map((_, index) => index), paramIndex: 0 }];
}

/**
 * Reads every item before anything is sent: `read` takes what it needs from each. A bad item stops
 * the node with its error (naming the item), or, with On Error → Continue, goes to `onInvalid` and
 * is left out.
 */
export function readEveryItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	read: (item: INodeExecutionData, itemIndex: number) => void,
	onInvalid: (itemIndex: number, error: NodeOperationError) => void,
): void {
	const continueOnFail = context.continueOnFail();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			read(items[itemIndex], itemIndex);
		} catch (error) {
			const invalid =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
			if (!continueOnFail) throw invalid;
			onInvalid(itemIndex, invalid);
		}
	}
}

/**
 * Runs jobs in two phases: every job is prepared (its input read and validated) before any is run,
 * so invalid input stops the node before anything is sent. Jobs then run `concurrency` at a time
 * (1 unless they are independent of each other), their output kept in input order. With
 * continueOnFail each failure becomes an output item carrying the error, paired to the inputs it
 * stands for; without it, the first failure stops new jobs from starting, the running ones finish,
 * and the error says which other items were done and which were not started.
 */
export async function runJobs<TPrepared>(
	context: IExecuteFunctions,
	inputs: JobInput[],
	prepare: (input: JobInput) => TPrepared,
	run: (prepared: TPrepared, input: JobInput) => Promise<IDataObject | IDataObject[]>,
	options: { concurrency?: number } = {},
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const prepared = prepareEvery(context, inputs, prepare, continueOnFail);
	const concurrency = options.concurrency ?? 1;
	const runnable = prepared.filter((entry) => entry.error === undefined);
	const entries = await runLedger(
		runnable,
		concurrency,
		async ({ job, input }) => await run(job as TPrepared, input),
		!continueOnFail,
	);
	const failedAt = firstFailure(entries);
	if (!continueOnFail && failedAt >= 0) {
		const itemIndex = runnable[failedAt].input.paramIndex;
		const error = asNodeError(context, entries[failedAt].error, itemIndex);
		if (concurrency < 2 || runnable.length < 2) throw error;
		const inputs = runnable.map((entry) => entry.input);
		throw reportApplied(context, error, itemIndex, describeOtherJobs(inputs, entries, failedAt));
	}
	return jobsOutput(context, prepared, entries);
}

/** Every job prepared before any runs; with continueOnFail, one that cannot be keeps its error. */
function prepareEvery<TPrepared>(
	context: IExecuteFunctions,
	inputs: JobInput[],
	prepare: (input: JobInput) => TPrepared,
	continueOnFail: boolean,
): Array<PreparedJob<TPrepared>> {
	const prepared: Array<PreparedJob<TPrepared>> = [];
	for (const input of inputs) {
		try {
			prepared.push({ input, job: prepare(input) });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(context, error, input.paramIndex);
			prepared.push({ input, error });
		}
	}
	return prepared;
}

interface PreparedJob<TPrepared> {
	input: JobInput;
	job?: TPrepared;
	error?: unknown;
}

/** The jobs' output in input order: each job's items, or an error item paired to its inputs. */
function jobsOutput<TPrepared>(
	context: IExecuteFunctions,
	prepared: Array<PreparedJob<TPrepared>>,
	entries: Array<LedgerEntry<IDataObject | IDataObject[]>>,
): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	let nextEntry = 0;
	for (const job of prepared) {
		const paired = pairedItems(job.input.itemIndexes);
		const ran = job.error === undefined ? entries[nextEntry++] : undefined;
		if (ran?.status !== 'applied') {
			output.push(errorItem(context, job.error ?? ran?.error, job.input, paired));
			continue;
		}
		for (const json of Array.isArray(ran.value) ? ran.value : [ran.value as IDataObject]) {
			output.push({ json, pairedItem: paired.length === 1 ? paired[0] : paired });
		}
	}
	return output;
}

/** What the other jobs of a parallel run did, for the error of the one that stopped it. */
function describeOtherJobs(
	inputs: JobInput[],
	entries: Array<LedgerEntry<unknown>>,
	failedAt: number,
): string {
	const items = (...statuses: RequestStatus[]) =>
		inputs.flatMap((input, index) =>
			index !== failedAt && statuses.includes(entries[index].status) ? input.itemIndexes : [],
		);
	const groups = describeItemGroups([
		[items('applied'), 'done'],
		[items('failed', 'may have acted'), 'also failed'],
		[items('not sent'), 'not started'],
	]);
	return groups === '' ? '' : `Other items: ${groups}.`;
}

/** [[[0, 1, 2], 'done'], [[3], 'not started']] → "item(s) 0–2 done; item(s) 3 not started" (empty groups left out). */
export function describeItemGroups(groups: Array<[number[], string]>): string {
	return groups
		.filter(([indexes]) => indexes.length > 0)
		.map(([indexes, what]) => `item(s) ${describeItems(indexes)} ${what}`)
		.join('; ');
}

/**
 * Adds to a failed job's error what was and was not applied (`state`, one or more sentences), first
 * in its description, and the details for the continueOnFail item. An API failure stays a
 * NodeApiError with its status.
 */
export function reportApplied(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	state: string,
	details?: IDataObject,
): NodeOperationError | NodeApiError {
	const failed = asNodeError(context, error, itemIndex);
	if (state !== '') failed.description = [state, failed.description].filter(Boolean).join(' ');
	return details ? withDetails(failed, details) : failed;
}

/** Item indexes as short ranges: [0,1,2,5,7,8] → "0–2, 5, 7–8". */
export function describeItems(indexes: number[]): string {
	const parts: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		parts.push(end === start ? `${indexes[start]}` : `${indexes[start]}–${indexes[end]}`);
		start = end + 1;
	}
	return parts.join(', ');
}

// Keys `error` and `details` only: n8n routes such items to the error output when the node's
// On Error setting is "Continue (using error output)".
function errorItem(
	context: IExecuteFunctions,
	error: unknown,
	input: JobInput,
	paired: IPairedItemData[],
): INodeExecutionData {
	const nodeError = fitHeadline(asNodeError(context, error, input.paramIndex));
	const details: IDataObject = {};
	if (nodeError.description) details.description = nodeError.description;
	if (nodeError instanceof NodeApiError && nodeError.httpCode)
		details.httpCode = nodeError.httpCode;
	Object.assign(details, errorDetailsOf(nodeError));
	const json: IDataObject = { error: nodeError.message };
	if (Object.keys(details).length > 0) json.details = details;
	return { json, pairedItem: paired.length === 1 ? paired[0] : paired };
}

/** Any failure as n8n's error for the item: NodeApiError and NodeOperationError stay what they are. */
export function asNodeError(
	context: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex: number,
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

export function formatCount(value: number): string {
	return value.toLocaleString('en-US');
}
