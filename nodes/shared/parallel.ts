/**
 * Bounded parallelism for requests that do not depend on each other. WalkMe and OpenDialog
 * document no rate limit, so a node sends a few requests at once (its "Requests in Parallel"
 * option) and slows all of them down together when the API answers 429 (see the transport).
 */

/** The default number of requests a node keeps in flight: ~5× faster than one at a time, gentle on an API whose limits are not published. */
export const DEFAULT_PARALLEL_REQUESTS = 5;
export const MAX_PARALLEL_REQUESTS = 20;

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
