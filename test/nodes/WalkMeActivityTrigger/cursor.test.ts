import type { ActivityEvent } from '../../../nodes/shared/activityLog';
import { advance, readCursor } from '../../../nodes/WalkMeActivityTrigger/helpers/cursor';

const event = (eventId: string, timestamp: number) => ({ eventId, timestamp }) as ActivityEvent;

describe('the Activity Trigger cursor', () => {
	it('emits what is newer than the cursor, oldest first, and moves to the newest timestamp', () => {
		const { fresh, cursor } = advance([event('c', 30), event('a', 10), event('b', 20)], {
			lastTimestamp: 15,
			idsAtLast: [],
		});
		expect(fresh.map((e) => e.eventId)).toEqual(['b', 'c']);
		expect(cursor).toEqual({ lastTimestamp: 30, idsAtLast: ['c'] });
	});

	it('emits an event of the last millisecond that it has not seen, and none it has', () => {
		const first = advance([event('a', 10), event('b', 10)], { lastTimestamp: 5, idsAtLast: [] });
		expect(first.cursor).toEqual({ lastTimestamp: 10, idsAtLast: ['a', 'b'] });
		const second = advance([event('a', 10), event('b', 10), event('c', 10)], first.cursor);
		expect(second.fresh.map((e) => e.eventId)).toEqual(['c']);
		expect(second.cursor).toEqual({ lastTimestamp: 10, idsAtLast: ['a', 'b', 'c'] });
		const third = advance([event('a', 10), event('b', 10), event('c', 10)], second.cursor);
		expect(third.fresh).toEqual([]);
		expect(third.cursor).toBe(second.cursor);
	});

	it('forgets the IDs of an older millisecond once it moves on', () => {
		const { cursor } = advance([event('a', 10), event('d', 11)], {
			lastTimestamp: 10,
			idsAtLast: ['a'],
		});
		expect(cursor).toEqual({ lastTimestamp: 11, idsAtLast: ['d'] });
	});

	it('reads a stored cursor, and no cursor from anything else', () => {
		expect(readCursor({ lastTimestamp: 10, idsAtLast: ['a', 7] })).toEqual({
			lastTimestamp: 10,
			idsAtLast: ['a'],
		});
		expect(readCursor({})).toBeUndefined();
		expect(readCursor({ lastTimestamp: '10' })).toBeUndefined();
	});
});
