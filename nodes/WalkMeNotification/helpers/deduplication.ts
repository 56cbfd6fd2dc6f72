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

/**
 * The keys of notifications this node sent recently, in the workflow's static data. Keys are kept
 * as SHA-256 hashes: a key is often an e-mail address or a record ID, which has no place there.
 * n8n saves static data after a production execution (an active workflow, an MCP or webhook call),
 * not after a manual run from the editor.
 */
export class SentKeys {
	private readonly keys: Record<string, SentKey>;

	constructor(context: IExecuteFunctions) {
		const data = context.getWorkflowStaticData('node');
		const kept = data.sentNotificationKeys;
		this.keys =
			kept && typeof kept === 'object' && !Array.isArray(kept)
				? (kept as Record<string, SentKey>)
				: {};
		data.sentNotificationKeys = this.keys as unknown as IDataObject;
		this.forgetExpired(Date.now());
	}

	/** When the key was sent, if it was within its window; else undefined. */
	sentWithinWindow(key: string, now = Date.now()): number | undefined {
		const entry = this.keys[hash(key)];
		return entry && entry.until > now ? entry.sentAt : undefined;
	}

	/** Claims the key before sending, so that a second item with it in this run is held back too. */
	claim({ key, windowMs }: Deduplication, now = Date.now()): void {
		this.keys[hash(key)] = { sentAt: now, until: now + windowMs };
		const hashes = Object.keys(this.keys);
		if (hashes.length > MAX_KEYS) {
			hashes
				.sort((a, b) => this.keys[a].sentAt - this.keys[b].sentAt)
				.slice(0, hashes.length - MAX_KEYS)
				.forEach((old) => delete this.keys[old]);
		}
	}

	/** Gives the key back when nothing can have been delivered, so that a retry sends it. */
	release(key: string): void {
		delete this.keys[hash(key)];
	}

	private forgetExpired(now: number): void {
		for (const [keyHash, entry] of Object.entries(this.keys)) {
			if (!entry || typeof entry.until !== 'number' || entry.until <= now)
				delete this.keys[keyHash];
		}
	}
}

function hash(key: string): string {
	return createHash('sha256').update(key).digest('hex');
}
