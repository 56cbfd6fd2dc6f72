import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** How many keys a node keeps at most; the oldest go first. */
const MAX_KEYS = 10000;

export interface Deduplication {
	key: string;
	windowMs: number;
}

interface SentKey {
	/** When the notification with this key was (or began to be) sent, epoch ms. */
	sentAt: number;
	/** Until when a notification with this key is not sent again, epoch ms. */
	until: number;
}

type KeyTable = Record<string, SentKey>;

/**
 * The same keys in this process's memory, per workflow and node. n8n saves static data only after
 * some executions: a production one on n8n 2.x (an active workflow's trigger, webhook or MCP call),
 * not a manual run from the editor, and not an MCP tool call on n8n 1.x. Memory covers calls that
 * reach the same n8n process whatever n8n saves; static data covers restarts and queue-mode workers.
 */
const inMemory = new Map<string, KeyTable>();

/**
 * The keys of notifications this node sent recently, kept as SHA-256 hashes (a key is often an
 * e-mail address or a record ID, which has no place in stored data): in the workflow's static data
 * and in this process's memory. A key found in either holds the notification back.
 */
export class SentKeys {
	private readonly tables: KeyTable[];

	constructor(context: IExecuteFunctions) {
		const data = context.getWorkflowStaticData('node');
		const kept = data.sentNotificationKeys;
		const stored: KeyTable =
			kept && typeof kept === 'object' && !Array.isArray(kept) ? (kept as KeyTable) : {};
		data.sentNotificationKeys = stored as unknown as IDataObject;
		const processKey = `${context.getWorkflow().id ?? ''}|${context.getNode().id}`;
		let memory = inMemory.get(processKey);
		if (!memory) inMemory.set(processKey, (memory = {}));
		this.tables = [stored, memory];
		const now = Date.now();
		for (const table of this.tables) forgetExpired(table, now);
	}

	/** When the key was sent, if it was within its window; else undefined. */
	sentWithinWindow(key: string, now = Date.now()): number | undefined {
		const keyHash = hash(key);
		const sent = this.tables
			.map((table) => table[keyHash])
			.filter((entry) => entry !== undefined && entry.until > now)
			.map((entry) => entry.sentAt);
		return sent.length > 0 ? Math.min(...sent) : undefined;
	}

	/** Claims the key before sending, so that a second item with it in this run is held back too. */
	claim({ key, windowMs }: Deduplication, now = Date.now()): void {
		const keyHash = hash(key);
		for (const table of this.tables) {
			table[keyHash] = { sentAt: now, until: now + windowMs };
			keepNewest(table);
		}
	}

	/** Gives the key back when nothing can have been delivered, so that a retry sends it. */
	release(key: string): void {
		const keyHash = hash(key);
		for (const table of this.tables) delete table[keyHash];
	}
}

function forgetExpired(table: KeyTable, now: number): void {
	for (const [keyHash, entry] of Object.entries(table)) {
		if (!entry || typeof entry.until !== 'number' || entry.until <= now) delete table[keyHash];
	}
}

function keepNewest(table: KeyTable): void {
	const hashes = Object.keys(table);
	if (hashes.length <= MAX_KEYS) return;
	hashes
		.sort((a, b) => table[a].sentAt - table[b].sentAt)
		.slice(0, hashes.length - MAX_KEYS)
		.forEach((old) => delete table[old]);
}

function hash(key: string): string {
	return createHash('sha256').update(key).digest('hex');
}
