import { outcomeUncertain } from './errors';

/** What became of one request of a batch job. */
export type RequestStatus = 'applied' | 'failed' | 'may have acted' | 'not sent';

export interface LedgerEntry<R> {
	status: RequestStatus;
	/** What the request gave, once applied. */
	value?: R;
	/** Why it failed, once failed or may have acted. */
	error?: unknown;
}

/**
 * Sends every request, `inParallel` at a time, and keeps what became of each, in input order. With
 * `stopAtFailure` no request starts after one fails; those already running finish and are kept. A
 * failure that the transport judged may have been carried out is told apart: it is never sent again.
 */
export async function runLedger<T, R>(
	requests: T[],
	inParallel: number,
	send: (request: T, index: number) => Promise<R>,
	stopAtFailure: boolean,
): Promise<Array<LedgerEntry<R>>> {
	const entries = requests.map((): LedgerEntry<R> => ({ status: 'not sent' }));
	let next = 0;
	let stopped = false;
	const worker = async () => {
		while (!stopped && next < requests.length) {
			const index = next++;
			try {
				entries[index] = { status: 'applied', value: await send(requests[index], index) };
			} catch (error) {
				entries[index] = { status: outcomeUncertain(error) ? 'may have acted' : 'failed', error };
				if (stopAtFailure) stopped = true;
			}
		}
	};
	const workers = Math.max(1, Math.min(inParallel, requests.length));
	await Promise.all(Array.from({ length: workers }, worker));
	return entries;
}

/** The first request that failed or may have acted: the one a stopped job's error is about. */
export function firstFailure<R>(entries: Array<LedgerEntry<R>>): number {
	return entries.findIndex((entry) => entry.error !== undefined);
}

/**
 * A node's words for its requests' fate, lower case as its output shows them: `applied` ("accepted",
 * "delivered"), `mayHaveActed` ("may have been received"), and `nothing`, the sentence for a job of
 * which nothing was applied ("Nothing was accepted.").
 */
export interface LedgerWords {
	applied: string;
	mayHaveActed: string;
	nothing: string;
}

/** A status in the node's words: 'failed' and 'not sent' are the same for every node. */
export function statusWord(status: RequestStatus, words: LedgerWords): string {
	if (status === 'applied') return words.applied;
	if (status === 'may have acted') return words.mayHaveActed;
	return status;
}

/**
 * What a stopped job did, one sentence a status: applied, may have acted, also failed, not sent
 * ("Accepted: item(s) 0–99 (100 user(s)). Not sent: item(s) 200–249."). The requests in `subject`
 * are left out: the error is about them. `describe` names a group of requests in the node's terms;
 * a group it describes as '' is left out (the node says it in its own terms).
 */
export function ledgerReport(
	statuses: RequestStatus[],
	words: LedgerWords,
	describe: (indexes: number[], status: RequestStatus) => string,
	subject: Iterable<number> = [],
): string {
	const leftOut = new Set(subject);
	const sentences: string[] = [];
	for (const status of ['applied', 'may have acted', 'failed', 'not sent'] as const) {
		const indexes = statuses.flatMap((each, index) =>
			each === status && !leftOut.has(index) ? [index] : [],
		);
		const described = indexes.length > 0 ? describe(indexes, status) : '';
		if (described !== '')
			sentences.push(`${capitalized(statusWord(status, words))}: ${described}.`);
		else if (status === 'applied' && indexes.length === 0) sentences.push(words.nothing);
	}
	return sentences.join(' ');
}

function capitalized(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
