import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** A unit of work: the input items it stands for, and the item whose parameters it reads. */
export interface JobInput {
	itemIndexes: number[];
	paramIndex: number;
}

const errorDetails = new WeakMap<object, IDataObject>();

/**
 * Attaches what a failed job did and did not apply to its error, for the continueOnFail item,
 * whatever the error's class (an API failure stays a NodeApiError).
 */
export function withDetails<E extends NodeOperationError | NodeApiError>(error: E, details: IDataObject): E {
	errorDetails.set(error, { ...(errorDetails.get(error) ?? {}), ...details });
	return error;
}

/** A NodeOperationError with details for the continueOnFail item. */
export function jobError(
	context: IExecuteFunctions,
	message: string,
	options: { itemIndex: number; description?: string; details?: IDataObject },
): NodeOperationError {
	const error = new NodeOperationError(context.getNode(), message, {
		itemIndex: options.itemIndex,
		description: options.description,
	});
	return withDetails(error, options.details ?? {});
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
 * Runs jobs in two phases: every job is prepared (its input read and validated) before any is run,
 * so invalid input stops the node before anything is sent. With continueOnFail each failure
 * becomes an output item carrying the error, paired to the inputs it stands for.
 */
export async function runJobs<TPrepared>(
	context: IExecuteFunctions,
	inputs: JobInput[],
	prepare: (input: JobInput) => TPrepared,
	run: (prepared: TPrepared, input: JobInput) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const prepared: Array<{ input: JobInput; job?: TPrepared; error?: unknown }> = [];
	for (const input of inputs) {
		try {
			prepared.push({ input, job: prepare(input) });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(context, error, input.paramIndex);
			prepared.push({ input, error });
		}
	}

	const output: INodeExecutionData[] = [];
	for (const { input, job, error } of prepared) {
		const paired = pairedItems(input.itemIndexes);
		if (error !== undefined) {
			output.push(errorItem(context, error, input, paired));
			continue;
		}
		try {
			const result = await run(job as TPrepared, input);
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json, pairedItem: paired.length === 1 ? paired[0] : paired });
			}
		} catch (runError) {
			if (!continueOnFail) throw asNodeError(context, runError, input.paramIndex);
			output.push(errorItem(context, runError, input, paired));
		}
	}
	return output;
}

// Keys `error` and `details` only: n8n routes such items to the error output when the node's
// On Error setting is "Continue (using error output)".
function errorItem(
	context: IExecuteFunctions,
	error: unknown,
	input: JobInput,
	paired: IPairedItemData[],
): INodeExecutionData {
	const nodeError = asNodeError(context, error, input.paramIndex);
	const details: IDataObject = {};
	if (nodeError.description) details.description = nodeError.description;
	if (nodeError instanceof NodeApiError && nodeError.httpCode) details.httpCode = nodeError.httpCode;
	Object.assign(details, errorDetails.get(nodeError) ?? {});
	const json: IDataObject = { error: nodeError.message };
	if (Object.keys(details).length > 0) json.details = details;
	return { json, pairedItem: paired.length === 1 ? paired[0] : paired };
}

function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : String(error), { itemIndex });
}

/** Reads a field by name, or by dot path when no field has that exact name. */
export function readField(json: IDataObject, field: string): unknown {
	if (field in json) return json[field];
	let current: unknown = json;
	for (const key of field.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[key];
	}
	return current;
}

export function formatCount(value: number): string {
	return value.toLocaleString('en-US');
}
