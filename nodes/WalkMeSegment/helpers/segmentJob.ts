import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { formatCount, reportApplied } from '../../shared/execution';
import { quoteAnswer } from '../../shared/errors';
import type { ApiResponse } from '../../shared/transport/types';
import { walkMeApiRequest } from '../../shared/transport/walkMe';
import type { LedgerEntry, LedgerWords } from '../../shared/batchLedger';
import { firstFailure, runLedger, statusWord } from '../../shared/batchLedger';
import { MAX_USERS_PER_REQUEST, readSegmentGuid, segmentsPath } from './segments';

export type MembershipAction = 'add' | 'remove' | 'override';
export type SegmentJobKind = 'create' | MembershipAction;

export interface PlannedRequest {
	/** What this request does: the first request of a create/override job sets the list, the rest add. */
	action: 'create' | MembershipAction;
	/** Zero-based, inclusive start and exclusive end into the prepared user list. */
	start: number;
	end: number;
}

/**
 * Splits a membership job into as few requests as the per-request limit allows.
 * Create and override set the whole list with their first request, so later requests must add
 * to it rather than repeat the first action; add and remove are simply repeated per chunk.
 */
export function planSegmentRequests(
	kind: SegmentJobKind,
	userCount: number,
	maxPerRequest: number,
): PlannedRequest[] {
	if (!Number.isInteger(maxPerRequest) || maxPerRequest < 1) {
		throw new RangeError(`maxPerRequest must be a positive integer, got ${maxPerRequest}`);
	}
	const plan: PlannedRequest[] = [];
	for (let start = 0; start < userCount; start += maxPerRequest) {
		const first = start === 0;
		const action = first || kind === 'add' || kind === 'remove' ? kind : 'add';
		plan.push({ action, start, end: Math.min(start + maxPerRequest, userCount) });
	}
	return plan;
}

export interface SegmentJob {
	kind: SegmentJobKind;
	systemGuid: string;
	/** Required for add/remove/override; set by the create request for create. */
	segmentGuid?: string;
	name?: string;
	externalId?: string;
	userIds: string[];
	itemIndex: number;
}

export interface ChunkOutcome extends IDataObject {
	chunk: number;
	action: string;
	users: number;
	firstUserId: string;
	lastUserId: string;
	status: string;
}

export interface SegmentJobResult {
	segmentGuid: string;
	requests: number;
	chunks: ChunkOutcome[];
}

const WORDS: LedgerWords = {
	applied: 'applied',
	mayHaveActed: 'may have been applied',
	nothing: 'Nothing was applied.',
};

const VERB: Record<string, string> = {
	create: 'create the segment with',
	add: 'add',
	remove: 'remove',
	override: 'override the segment with',
};

/** WalkMe created the segment, but its answer named no GUID: the users left cannot be added. */
class CreatedWithoutGuid extends Error {
	constructor(
		readonly response: ApiResponse,
		message: string,
	) {
		super(message);
	}
}

/**
 * Applies a membership job in as few requests as WalkMe's 25,000-users limit allows, one after
 * another (a create or override must land before the adds that follow it), stopping at the first
 * failed request and reporting exactly which users were and were not applied.
 */
export async function runSegmentJob(
	context: IExecuteFunctions,
	job: SegmentJob,
): Promise<SegmentJobResult> {
	const plan = planSegmentRequests(job.kind, job.userIds.length, MAX_USERS_PER_REQUEST);
	let segmentGuid = job.segmentGuid;
	const entries = await runLedger(
		plan,
		1,
		async (step, index) => {
			const where = plan.length > 1 ? ` (chunk ${index + 1} of ${plan.length})` : '';
			const response = await sendChunk(context, job, step, segmentGuid, where);
			if (step.action !== 'create') return response;
			segmentGuid = readSegmentGuid(response.body) ?? undefined;
			if (segmentGuid) return response;
			const rest = plan.length > 1 ? ', so the remaining users could not be added' : '';
			throw new CreatedWithoutGuid(
				response,
				`WalkMe created segment "${job.name}" but its answer (HTTP ${response.statusCode}) ` +
					`carried no segment GUID${rest}: ${quoteAnswer(response.body)}`,
			);
		},
		true,
	);
	const chunks = plan.map((step, index) => chunkOutcome(job, step, index, entries[index]));
	const failed = firstFailure(entries);
	if (failed >= 0) {
		throw partialFailure(context, job, plan, chunks, failed, segmentGuid, entries[failed].error);
	}
	return { segmentGuid: segmentGuid as string, requests: plan.length, chunks };
}

async function sendChunk(
	context: IExecuteFunctions,
	job: SegmentJob,
	step: PlannedRequest,
	segmentGuid: string | undefined,
	where: string,
): Promise<ApiResponse> {
	const users = job.userIds.slice(step.start, step.end);
	if (step.action === 'create') {
		const body: IDataObject = { name: job.name, userIds: users };
		if (job.externalId) body.id = job.externalId;
		return await walkMeApiRequest.call(context, {
			method: 'POST',
			path: segmentsPath(job.systemGuid),
			body,
			purpose: `create segment "${job.name}"${where}`,
			itemIndex: job.itemIndex,
		});
	}
	return await walkMeApiRequest.call(context, {
		method: 'PUT',
		path: segmentsPath(job.systemGuid, segmentGuid),
		body: { action: step.action, userIds: users },
		purpose: `${step.action} users${where}`,
		itemIndex: job.itemIndex,
	});
}

/** One chunk's line of the output: what it did, and WalkMe's answer once it was applied. */
function chunkOutcome(
	job: SegmentJob,
	step: PlannedRequest,
	index: number,
	entry: LedgerEntry<ApiResponse>,
): ChunkOutcome {
	const chunk: ChunkOutcome = {
		chunk: index + 1,
		action: step.action,
		users: step.end - step.start,
		firstUserId: job.userIds[step.start],
		lastUserId: job.userIds[step.end - 1],
		status: statusWord(entry.status, WORDS),
	};
	const response = entry.error instanceof CreatedWithoutGuid ? entry.error.response : entry.value;
	if (!response) return chunk;
	return Object.assign(chunk, {
		status: WORDS.applied,
		statusCode: response.statusCode,
		...(entry.value ? { attempts: response.attempts } : {}),
		response: asData(response.body),
	});
}

function partialFailure(
	context: IExecuteFunctions,
	job: SegmentJob,
	plan: PlannedRequest[],
	chunks: ChunkOutcome[],
	failedIndex: number,
	segmentGuid: string | undefined,
	error: unknown,
): NodeApiError | NodeOperationError {
	const reason = error instanceof Error ? error.message : String(error);
	// Chunks go one after another, so the applied ones are the first: users 1 to appliedEnd.
	const appliedChunks = chunks.filter((chunk) => chunk.status === WORDS.applied).length;
	const appliedEnd = appliedChunks > 0 ? plan[appliedChunks - 1].end : 0;
	const failed = chunks[failedIndex];
	const total = job.userIds.length;
	// With several chunks the headline counts what was applied; the chunk's own error follows it.
	const head =
		plan.length > 1
			? `Chunk ${failed.chunk} of ${plan.length} (${VERB[failed.action]} ${formatCount(failed.users)} users) failed; ` +
				`${formatCount(appliedEnd)} of ${formatCount(total)} users applied`
			: reason;
	let state = appliedState(job, appliedChunks, appliedEnd, segmentGuid);
	const details = {
		systemGuid: job.systemGuid,
		segmentGuid: segmentGuid ?? null,
		action: job.kind,
		chunks,
		applied: { users: appliedEnd, userIds: job.userIds.slice(0, appliedEnd) },
		notApplied: { users: total - appliedEnd, userIds: job.userIds.slice(appliedEnd) },
	};
	if (plan.length > 1) state = `${reason}${/[.!?]$/.test(reason) ? '' : '.'} ${state}`;
	// Still WalkMe's error, with its status, when it was one; the headline now counts what was applied.
	if (error instanceof NodeApiError) error.message = head;
	return reportApplied(
		context,
		error instanceof NodeApiError ? error : new Error(head),
		job.itemIndex,
		state,
		details,
	);
}

/**
 * What a stopped job applied: the chunks applied as one range of users, then the users not applied
 * as one range (the failed chunk's and those never sent: the ones to send again).
 */
function appliedState(
	job: SegmentJob,
	appliedChunks: number,
	appliedEnd: number,
	segmentGuid: string | undefined,
): string {
	const total = job.userIds.length;
	if (appliedEnd === total) return `All ${formatCount(total)} users were applied.`;
	if (appliedEnd === 0) return WORDS.nothing;
	const chunks = appliedChunks > 1 ? `chunks 1–${appliedChunks}` : 'chunk 1';
	let holds = '';
	if (job.kind === 'override' || job.kind === 'create') {
		holds = segmentGuid
			? ` Segment ${segmentGuid} now holds only the applied users.`
			: ' The new segment (its GUID unknown) holds only the applied users.';
	}
	return (
		`Applied: ${chunks}, users 1–${formatCount(appliedEnd)} (${formatCount(appliedEnd)}). ` +
		`Not applied: users ${formatCount(appliedEnd + 1)}–${formatCount(total)} (${formatCount(total - appliedEnd)}), ` +
		`starting with "${job.userIds[appliedEnd]}".${holds}`
	);
}

function asData(body: unknown): IDataObject | IDataObject[] | string | null {
	if (body === undefined || body === '') return null;
	return body as IDataObject;
}
