import { normalizeGuid } from '../../../nodes/shared/guid';

describe('normalizeGuid', () => {
	it.each([
		['6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9', '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9'],
		['6B1F2C3D4E5F40718293A4B5C6D7E8F9', '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9'],
		['  {6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9} ', '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9'],
		[
			'https://cdn.walkme.com/users/6b1f2c3d4e5f40718293a4b5c6d7e8f9/test/walkme_6b1f_https.js',
			'6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9',
		],
	])('reads %s', (input, expected) => {
		expect(normalizeGuid(input)).toBe(expected);
	});

	it.each([
		'',
		'abc',
		'6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f',
		'6b1f2c3d4e5f40718293a4b5c6d7e8f9a',
		'6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8fz',
		'6b1f2c3d4e5f-4071-8293-a4b5c6d7e8f9',
		'https://cdn.walkme.com/users/nothex/test',
	])('rejects %j', (input) => {
		expect(normalizeGuid(input)).toBeNull();
	});

	it('rejects non-strings', () => {
		expect(normalizeGuid(undefined)).toBeNull();
		expect(normalizeGuid(42)).toBeNull();
		expect(normalizeGuid({ guid: '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9' })).toBeNull();
	});
});
