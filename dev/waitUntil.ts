export interface WaitOptions {
	timeoutMs: number;
	intervalMs?: number;
	/**
	 * What is awaited, for the error when it does not come in time. Without it, waitUntil returns
	 * false instead, for a wait whose outcome the caller asserts itself.
	 */
	what?: string;
	/** A log to quote in the error (a process's output). */
	log?: () => string;
	/** A reason to stop waiting at once (a process that exited), checked before each try. */
	abortIf?: () => string | undefined;
}

/** Tries `condition` every `intervalMs` until it is truthy; true when it was, in time. */
export async function waitUntil(
	condition: () => unknown,
	{ timeoutMs, intervalMs = 250, what, log, abortIf }: WaitOptions,
): Promise<boolean> {
	const withLog = (message: string) => (log ? `${message}:\n${log()}` : message);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const aborted = abortIf?.();
		if (aborted) throw new Error(withLog(aborted));
		if (await condition()) return true;
		if (Date.now() > deadline) {
			if (what === undefined) return false;
			throw new Error(withLog(`${what} did not happen in ${timeoutMs / 1000} s`));
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** A condition that counts a thrown error (a server not listening yet) as not yet. */
export function answers(check: () => Promise<boolean>): () => Promise<boolean> {
	return async () => {
		try {
			return await check();
		} catch {
			return false;
		}
	};
}
