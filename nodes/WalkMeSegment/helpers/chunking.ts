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
