import {
	readSegmentGuid,
	readSegmentList,
	readSegmentName,
} from '../../../nodes/WalkMeSegment/helpers/segments';
import { apiErrorMessage, readHttpFailure } from '../../../nodes/shared/transport/failures';
import { resolveWalkMeBaseUrl } from '../../../nodes/shared/transport/walkMe';

const GUID = '12345aeb-123c-4d83-8b38-a5a456789d0a';

describe('segment answers of any common shape', () => {
	it('reads lists', () => {
		const segment = { guid: GUID, name: 'A' };
		expect(readSegmentList([segment])).toEqual([segment]);
		expect(readSegmentList({ segments: [segment] })).toEqual([segment]);
		expect(readSegmentList({ data: { items: [segment] } })).toEqual([segment]);
		expect(readSegmentList([])).toEqual([]);
		expect(readSegmentList({ segments: [] })).toEqual([]);
	});

	it('calls anything else unreadable, never empty', () => {
		expect(readSegmentList({ nothing: true })).toBeUndefined();
		expect(readSegmentList('oops')).toBeUndefined();
		expect(readSegmentList('<!DOCTYPE html><html></html>')).toBeUndefined();
		expect(readSegmentList('[{"guid": "12345aeb-123c')).toBeUndefined();
		expect(readSegmentList([{ guid: GUID }, 'stray'])).toBeUndefined();
		expect(readSegmentList({ segments: 'none' })).toBeUndefined();
		expect(readSegmentList(null)).toBeUndefined();
	});

	it('reads the GUID, preferring GUID keys over the external id', () => {
		expect(readSegmentGuid({ guid: GUID })).toBe(GUID);
		expect(readSegmentGuid({ segmentGuid: GUID.replace(/-/g, '') })).toBe(GUID);
		expect(readSegmentGuid({ id: 'heap-123', segmentId: GUID })).toBe(GUID);
		expect(readSegmentGuid({ data: { guid: GUID } })).toBe(GUID);
		expect(readSegmentGuid({ id: GUID })).toBe(GUID);
		expect(readSegmentGuid(`"${GUID}"`)).toBe(GUID);
		expect(readSegmentGuid({ id: 'heap-123' })).toBeNull();
		expect(readSegmentName({ segmentName: 'B' })).toBe('B');
	});
});

describe('transport helpers', () => {
	it("finds WalkMe's own message", () => {
		expect(apiErrorMessage({ message: 'bad guid' })).toBe('bad guid');
		expect(apiErrorMessage({ error: 'invalid_client', error_description: 'nope' })).toBe('nope');
		expect(apiErrorMessage({ errors: [{ message: 'a' }, 'b'] })).toBe('a; b');
		expect(apiErrorMessage('{"title":"Too Many"}')).toBe('Too Many');
		expect(apiErrorMessage('')).toBeUndefined();
	});

	it('finds the HTTP failure inside wrapped errors', () => {
		const axiosLike = {
			response: { status: 429, headers: { 'retry-after': '1' }, data: { message: 'slow down' } },
		};
		const wrapped = Object.assign(new Error('wrapped'), { cause: axiosLike });
		expect(readHttpFailure(wrapped)).toEqual({
			status: 429,
			headers: { 'retry-after': '1' },
			body: { message: 'slow down' },
		});
		expect(readHttpFailure(new Error('no response'))).toBeUndefined();
	});

	it('resolves the base URL by region', () => {
		expect(resolveWalkMeBaseUrl({ region: 'us' })).toEqual({ baseUrl: 'https://api.walkme.com' });
		expect(resolveWalkMeBaseUrl({ region: 'eu' })).toEqual({
			baseUrl: 'https://eu-api.walkme.com',
		});
		expect(resolveWalkMeBaseUrl({ region: 'custom', baseUrl: ' http://127.0.0.1:8787/ ' })).toEqual(
			{ baseUrl: 'http://127.0.0.1:8787' },
		);
		expect(resolveWalkMeBaseUrl({ region: 'custom', baseUrl: '' }).problem).toMatch(/no Base URL/);
		expect(resolveWalkMeBaseUrl({ region: 'custom', baseUrl: 'ftp://x' }).problem).toMatch(/https/);
		expect(resolveWalkMeBaseUrl({ region: 'mars' }).problem).toBe('Unknown WalkMe region "mars"');
	});
});
