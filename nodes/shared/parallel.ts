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
