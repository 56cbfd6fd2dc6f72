import type { IDataObject } from 'n8n-workflow';

import { WalkMeEmulator } from '../../../dev/emulator/server';
import { SYSTEM_GUID, contacts, walkMeCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const emulator = emulatorPerFile(new WalkMeEmulator());

const SEGMENT_GUID = '12345aeb-123c-4d83-8b38-a5a456789d0a';
const perItem = { resource: 'segment', userIdSource: 'parameter' };

// Each case: parameters per item (item 1 is the bad one), the field named, the item named.
const badInputs: Array<[string, IDataObject, RegExp]> = [
	[
		'a malformed systemGuid',
		{
			...perItem,
			operation: 'create',
			name: 'S',
			userIds: 'a@x.com',
			systemGuid: '={{ $json.bad ? "6b1f2c3d-4e5f-4071-8293" : "' + SYSTEM_GUID + '" }}',
		},
		/^System GUID in item 1 is not a GUID: "6b1f2c3d-4e5f-4071-8293"$/,
	],
	[
		'an empty user list',
		{
			...perItem,
			operation: 'create',
			name: 'S',
			systemGuid: SYSTEM_GUID,
			userIds: '={{ $json.bad ? " , \\n " : "a@x.com" }}',
		},
		/^No user IDs found in User IDs of item 1$/,
	],
	[
		'a 101-character ID',
		{
			...perItem,
			operation: 'update',
			action: 'add',
			systemGuid: SYSTEM_GUID,
			segmentId: { __rl: true, mode: 'id', value: '={{ $json.segment }}' },
			userIds: '={{ $json.bad ? "ok@x.com," + "x".repeat(101) : "a@x.com" }}',
		},
		new RegExp(`^User IDs in item 1 holds a user ID longer than 100 characters \\(101\\)$`),
	],
	[
		'an action outside add/remove/override',
		{
			...perItem,
			operation: 'update',
			systemGuid: SYSTEM_GUID,
			segmentId: { __rl: true, mode: 'id', value: '={{ $json.segment }}' },
			userIds: 'a@x.com',
			action: '={{ $json.bad ? "replace" : "add" }}',
		},
		/^Action in item 1 must be "add", "remove" or "override", not "replace"$/,
	],
	[
		'a segment GUID that is not a GUID',
		{
			...perItem,
			operation: 'delete',
			systemGuid: SYSTEM_GUID,
			segmentId: {
				__rl: true,
				mode: 'id',
				value: '={{ $json.bad ? "segment-7" : $json.segment }}',
			},
		},
		/^Segment in item 1 is not a segment GUID: "segment-7"$/,
	],
	[
		'an object where a user ID should be',
		{
			...perItem,
			operation: 'create',
			name: 'S',
			systemGuid: SYSTEM_GUID,
			userIds: '={{ $json.bad ? [{ "id": 1 }] : "a@x.com" }}',
		},
		/^User IDs in item 1: A user ID list may hold only strings or numbers, found an object$/,
	],
];

describe('WalkMe Segment rejects bad input before sending anything', () => {
	it.each(badInputs)('%s', async (_, parameters, message) => {
		const { error, output } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: [0, 1, 2].map((index) => ({ bad: index === 1, segment: SEGMENT_GUID })),
			parameters,
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(output).toEqual([]);
		// Not even the good item 0 was sent: every item is checked first.
		expect(emulator.requests('segments')).toHaveLength(0);
	});

	it.each(badInputs)(
		'with continueOnFail, %s becomes an error item paired to its input',
		async (_, parameters, message) => {
			const items = [0, 1, 2].map((index) => ({
				bad: index === 1,
				segment: emulator.addSegment(SYSTEM_GUID, `S${index}`),
			}));
			const { error, output } = await runNode({
				nodeType: 'walkMeSegment',
				credentials: walkMeCredential(emulator),
				items,
				parameters,
				continueOnFail: true,
			});
			expect(error).toBeUndefined();
			expect(output.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(output[1].json.error).toMatch(message);
			expect(output[0].json.error).toBeUndefined();
			expect(output[2].json.error).toBeUndefined();
		},
	);

	it('names the field and the item of an over-long ID in "all input items" mode', async () => {
		const items = contacts(5);
		items[3].email = 'y'.repeat(101);
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items,
			parameters: {
				resource: 'segment',
				operation: 'create',
				systemGuid: SYSTEM_GUID,
				name: 'S',
				userIdSource: 'allItems',
				userIdField: 'email',
			},
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe(
			'Field "email" in item 3 holds a user ID longer than 100 characters (101)',
		);
		expect(error?.description).toMatch(new RegExp(`^The ID: "${'y'.repeat(101)}"\\. `));
		expect(emulator.requests()).toHaveLength(0);
	});

	it('says which field was empty on every item', async () => {
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(4),
			parameters: {
				resource: 'segment',
				operation: 'create',
				systemGuid: SYSTEM_GUID,
				name: 'S',
				userIdSource: 'allItems',
				userIdField: 'mail',
			},
		});
		expect(error?.message).toBe('No user IDs found in field "mail" of the 4 input item(s)');
		expect(emulator.requests()).toHaveLength(0);
	});

	it('skips over-long IDs when asked, listing them in the output', async () => {
		const items = [...contacts(3), { email: 'z'.repeat(150) }];
		const { output, error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items,
			parameters: {
				resource: 'segment',
				operation: 'create',
				systemGuid: SYSTEM_GUID,
				name: 'S',
				userIdSource: 'allItems',
				userIdField: 'email',
				options: { skipInvalidUserIds: true },
			},
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({
			usersReceived: 4,
			usersSent: 3,
			invalidSkipped: 1,
			invalidUserIds: [
				{ userId: 'z'.repeat(150), itemIndex: 3, reason: 'longer than 100 characters (150)' },
			],
		});
		expect(emulator.requests('segments')[0].userCount).toBe(3);
	});
});
