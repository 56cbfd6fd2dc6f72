import { UserIdShapeError, prepareUserIds, splitUserIds } from '../../../nodes/shared/userIds';

describe('splitUserIds', () => {
	it('splits strings on commas and new lines', () => {
		expect(splitUserIds('a@x.com, b@x.com\nc@x.com\r\nd', 0)).toEqual([
			'a@x.com',
			' b@x.com',
			'c@x.com',
			'd',
		]);
	});

	it('accepts lists of strings and numbers, and single numbers', () => {
		expect(splitUserIds(['a', 7, null], 0)).toEqual(['a', '7']);
		expect(splitUserIds(42, 0)).toEqual(['42']);
		expect(splitUserIds(undefined, 0)).toEqual([]);
	});

	it('refuses objects, naming the item', () => {
		expect(() => splitUserIds({ id: 'a' }, 3)).toThrow(UserIdShapeError);
		try {
			splitUserIds(['a', { id: 'b' }], 5);
		} catch (error) {
			expect((error as UserIdShapeError).itemIndex).toBe(5);
			expect((error as Error).message).toMatch(/only strings or numbers, found an object/);
		}
		expect.assertions(3);
	});
});

describe('prepareUserIds', () => {
	it('trims, drops empties, de-duplicates in order, and counts each', () => {
		const result = prepareUserIds([
			{ value: ' a , b,,c ', itemIndex: 0 },
			{ value: ['b', ' a', '', 'd'], itemIndex: 1 },
		]);
		expect(result.userIds).toEqual(['a', 'b', 'c', 'd']);
		// ',,' is one separator; the '' in the list is the one empty value.
		expect(result).toMatchObject({
			received: 7,
			emptyRemoved: 1,
			duplicatesRemoved: 2,
			invalid: [],
		});
	});

	it('separates IDs over 100 characters and keeps the rest', () => {
		const long = 'x'.repeat(101);
		const result = prepareUserIds([
			{ value: 'ok', itemIndex: 0 },
			{ value: long, itemIndex: 1 },
			{ value: 'y'.repeat(100), itemIndex: 2 },
		]);
		expect(result.userIds).toEqual(['ok', 'y'.repeat(100)]);
		expect(result.invalid).toEqual([
			{ userId: long, itemIndex: 1, reason: 'longer than 100 characters (101)' },
		]);
	});

	it('handles 100,000 IDs with heavy duplication', () => {
		const sources = Array.from({ length: 100000 }, (_, i) => ({
			value: `user${i % 50000}`,
			itemIndex: i,
		}));
		const result = prepareUserIds(sources);
		expect(result.userIds).toHaveLength(50000);
		expect(result.duplicatesRemoved).toBe(50000);
		expect(result.userIds[49999]).toBe('user49999');
	});
});
