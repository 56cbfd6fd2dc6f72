import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readInteger } from './parameters';

/**
 * Bounded parallelism for requests that do not depend on each other. WalkMe and OpenDialog
 * document no rate limit, so a node sends a few requests at once (its "Requests in Parallel"
 * option) and slows all of them down together when the API answers 429 (see the transport).
 */

/**
 * The default number of requests a node keeps in flight: ~5× faster than one at a time, gentle on
 * an API whose limits are not published.
 */
export const DEFAULT_PARALLEL_REQUESTS = 5;
export const MAX_PARALLEL_REQUESTS = 20;

/** A node's Options → Requests in Parallel, read once for the run (item 0). */
export function readRequestsInParallel(context: IExecuteFunctions): number {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	if (options.requestsInParallel === undefined) return DEFAULT_PARALLEL_REQUESTS;
	return readInteger(context, 'options.requestsInParallel', 'Requests in Parallel', 0, {
		fallback: DEFAULT_PARALLEL_REQUESTS,
		min: 1,
		max: MAX_PARALLEL_REQUESTS,
	});
}

/**
 * Runs `work` for each input with at most `limit` running at once, and gives each outcome at its
 * input's position. Once `stopStarting` says so (after a failure that must stop the node), inputs
 * not yet started are left undefined; those already running finish, so nothing is cut off mid-way.
 */
export async function runBounded<T, R>(
	inputs: T[],
	limit: number,
	work: (input: T, index: number) => Promise<R>,
	stopStarting: (outcome: PromiseSettledResult<R>) => boolean = () => false,
): Promise<Array<PromiseSettledResult<R> | undefined>> {
	const outcomes: Array<PromiseSettledResult<R> | undefined> = new Array(inputs.length);
	let next = 0;
	let stopped = false;
	const worker = async () => {
		while (!stopped && next < inputs.length) {
			const index = next++;
			try {
				outcomes[index] = { status: 'fulfilled', value: await work(inputs[index], index) };
			} catch (reason) {
				outcomes[index] = { status: 'rejected', reason };
			}
			if (stopStarting(outcomes[index] as PromiseSettledResult<R>)) stopped = true;
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker));
	return outcomes;
}

/** The Options → Requests in Parallel field; `what` says what goes at once, e.g. "users are created". */
export function requestsInParallelOption(what: string, api: string): INodeProperties {
	return {
		displayName: 'Requests in Parallel',
		name: 'requestsInParallel',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
		default: DEFAULT_PARALLEL_REQUESTS,
		description: `How many ${what} at once. ${api} publishes no rate limit; a 429 answer pauses them all. 1 sends one after another.`,
	};
}
