import { planSegmentRequests } from '../../../nodes/WalkMeSegment/helpers/segmentJob';

describe('planSegmentRequests', () => {
	it('creates with the first chunk and adds the rest', () => {
		expect(planSegmentRequests('create', 60000, 25000)).toEqual([
			{ action: 'create', start: 0, end: 25000 },
			{ action: 'add', start: 25000, end: 50000 },
			{ action: 'add', start: 50000, end: 60000 },
		]);
	});

	it('overrides with the first chunk and adds the rest', () => {
		expect(planSegmentRequests('override', 25001, 25000).map((step) => step.action)).toEqual([
			'override',
			'add',
		]);
	});

	it.each(['add', 'remove'] as const)('repeats %s for every chunk', (kind) => {
		expect(planSegmentRequests(kind, 50001, 25000).map((step) => step.action)).toEqual([
			kind,
			kind,
			kind,
		]);
	});

	it('sends exactly one request for exactly the limit', () => {
		expect(planSegmentRequests('create', 25000, 25000)).toEqual([
			{ action: 'create', start: 0, end: 25000 },
		]);
	});

	it('covers every user exactly once', () => {
		for (const count of [1, 2, 24999, 25000, 25001, 74999, 75000, 100001]) {
			const plan = planSegmentRequests('add', count, 25000);
			expect(plan[0].start).toBe(0);
			expect(plan[plan.length - 1].end).toBe(count);
			for (let i = 1; i < plan.length; i++) expect(plan[i].start).toBe(plan[i - 1].end);
			expect(plan.every((step) => step.end - step.start <= 25000 && step.end > step.start)).toBe(
				true,
			);
			expect(plan).toHaveLength(Math.ceil(count / 25000));
		}
	});

	it('plans nothing for no users and rejects a bad limit', () => {
		expect(planSegmentRequests('create', 0, 25000)).toEqual([]);
		expect(() => planSegmentRequests('create', 10, 0)).toThrow(RangeError);
	});
});
