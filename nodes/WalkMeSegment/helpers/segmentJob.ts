import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { formatCount, reportApplied } from '../../shared/execution';
import { quoteAnswer } from '../../shared/errors';
import type { ApiResponse } from '../../shared/transport/request';
import { walkMeApiRequest } from '../../shared/transport/walkMe';
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
	status: 'applied' | 'failed' | 'not sent';
}

export interface SegmentJobResult {
	segmentGuid: string;
	requests: number;
	chunks: ChunkOutcome[];
}

const VERB: Record<string, string> = {
	create: 'create the segment with',
	add: 'add',
	remove: 'remove',
	override: 'override the segment with',
};

/**
 * Applies a membership job in as few requests as WalkMe's 25,000-users limit allows, stopping at
 * the first failed request and reporting exactly which users were and were not applied.
 */
export async function runSegmentJob(
	context: IExecuteFunctions,
	job: SegmentJob,
): Promise<SegmentJobResult> {
	const plan = planSegmentRequests(job.kind, job.userIds.length, MAX_USERS_PER_REQUEST);
	const chunks: ChunkOutcome[] = plan.map((step, index) => ({
		chunk: index + 1,
		action: step.action,
		users: step.end - step.start,
		firstUserId: job.userIds[step.start],
		lastUserId: job.userIds[step.end - 1],
		status: 'not sent',
	}));
	let segmentGuid = job.segmentGuid;

	for (let index = 0; index < plan.length; index++) {
		const step = plan[index];
		const users = job.userIds.slice(step.start, step.end);
		const where = plan.length > 1 ? ` (chunk ${index + 1} of ${plan.length})` : '';
		let response: ApiResponse;
		try {
			if (step.action === 'create') {
				const body: IDataObject = { name: job.name, userIds: users };
				if (job.externalId) body.id = job.externalId;
				response = await walkMeApiRequest.call(context, {
					method: 'POST',
					path: segmentsPath(job.systemGuid),
					body,
					purpose: `create segment "${job.name}"${where}`,
					itemIndex: job.itemIndex,
				});
				segmentGuid = readSegmentGuid(response.body) ?? undefined;
				if (!segmentGuid) {
					Object.assign(chunks[index], {
						status: 'applied',
						statusCode: response.statusCode,
						response: asData(response.body),
					});
					const rest = plan.length > 1 ? ', so the remaining users could not be added' : '';
					throw new Error(
						`WalkMe created segment "${job.name}" but its answer (HTTP ${response.statusCode}) ` +
							`carried no segment GUID${rest}: ${quoteAnswer(response.body)}`,
					);
				}
			} else {
				response = await walkMeApiRequest.call(context, {
					method: 'PUT',
					path: segmentsPath(job.systemGuid, segmentGuid),
					body: { action: step.action, userIds: users },
					purpose: `${step.action} users${where}`,
					itemIndex: job.itemIndex,
				});
			}
		} catch (error) {
			if (chunks[index].status !== 'applied') chunks[index].status = 'failed';
			throw partialFailure(context, job, plan, chunks, index, segmentGuid, error);
		}
		Object.assign(chunks[index], {
			status: 'applied',
			statusCode: response.statusCode,
			attempts: response.attempts,
			response: asData(response.body),
		});
	}
	return { segmentGuid: segmentGuid as string, requests: plan.length, chunks };
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
	const applied = chunks.filter((chunk) => chunk.status === 'applied');
	const appliedUsers = applied.reduce((sum, chunk) => sum + chunk.users, 0);
	const appliedEnd = applied.length > 0 ? plan[applied.length - 1].end : 0;
	const notAppliedUsers = job.userIds.length - appliedUsers;
	const failed = chunks[failedIndex];
	const total = job.userIds.length;
	// With several chunks the headline counts what was applied; the chunk's own error follows it.
	const head =
		plan.length > 1
			? `Chunk ${failed.chunk} of ${plan.length} (${VERB[failed.action]} ${formatCount(failed.users)} users) failed; ${formatCount(appliedUsers)} of ${formatCount(total)} users applied`
			: reason;
	let state: string;
	if (applied.length === 0) {
		state = 'Nothing was applied.';
	} else if (notAppliedUsers === 0) {
		state = `All ${formatCount(total)} users were applied.`;
	} else {
		const chunkRange = applied.length > 1 ? `chunks 1–${applied.length}` : 'chunk 1';
		state =
			`Applied: ${chunkRange}, users 1–${formatCount(appliedEnd)} (${formatCount(appliedUsers)}). ` +
			`Not applied: users ${formatCount(appliedEnd + 1)}–${formatCount(total)} (${formatCount(notAppliedUsers)}), ` +
			`starting with "${job.userIds[appliedEnd]}".`;
		if (job.kind === 'override' || job.kind === 'create') {
			state += segmentGuid
				? ` Segment ${segmentGuid} now holds only the applied users.`
				: ` The new segment (its GUID unknown) holds only the applied users.`;
		}
	}
	const details = {
		systemGuid: job.systemGuid,
		segmentGuid: segmentGuid ?? null,
		action: job.kind,
		chunks,
		applied: { users: appliedUsers, userIds: job.userIds.slice(0, appliedEnd) },
		notApplied: { users: notAppliedUsers, userIds: job.userIds.slice(appliedEnd) },
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

function asData(body: unknown): IDataObject | IDataObject[] | string | null {
	if (body === undefined || body === '') return null;
	return body as IDataObject;
}
