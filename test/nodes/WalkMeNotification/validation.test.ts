import type { IDataObject } from 'n8n-workflow';

import { WalkMeEmulator } from '../../../dev/emulator/server';
import { emulatorPerFile } from '../../helpers/emulators';
import { AUDIENCE, SYSTEM, TEMPLATE, notificationSender } from './common';

const emulator = emulatorPerFile(new WalkMeEmulator());
const sendNotification = notificationSender(emulator);

// Each case fails on item 1 of three; nothing at all may be sent, not even item 0's notification.
const good = { templateId: TEMPLATE, endUsersIds: 'a@x.com' };
const badInputs: Array<[string, IDataObject, RegExp]> = [
	[
		'no recipients',
		{ templateId: TEMPLATE, endUsersIds: '={{ $json.bad ? " , " : "a@x.com" }}' },
		/^No recipients: End User IDs and Audience IDs in item 1 are both empty$/,
	],
	[
		'a template that is not a GUID',
		{ ...good, templateId: '={{ $json.bad ? "welcome-template" : "' + TEMPLATE + '" }}' },
		/^Template ID in item 1 is not a template GUID: "welcome-template"$/,
	],
	[
		'an empty template',
		{ ...good, templateId: '={{ $json.bad ? "" : "' + TEMPLATE + '" }}' },
		/^Template ID in item 1 is empty$/,
	],
	[
		'an audience that is not a GUID',
		{ ...good, audiencesIds: '={{ $json.bad ? "sales-team" : "' + AUDIENCE + '" }}' },
		/^Audience IDs in item 1: "sales-team" is not an audience GUID$/,
	],
	[
		'End At before Start At',
		{
			...good,
			startAt: '2030-12-02 10:00',
			endAt: '={{ $json.bad ? "2030-12-01 10:00" : "2030-12-03 10:00" }}',
		},
		/^End At in item 1 \(2030-12-01 15:00 UTC\) must be after Start At \(2030-12-02 15:00 UTC\)$/,
	],
	[
		'End At equal to Start At',
		{
			...good,
			startAt: '2030-12-02 10:00',
			endAt: '={{ $json.bad ? "2030-12-02 10:00:30" : "2030-12-03 10:00" }}',
		},
		/^End At in item 1 .* must be after Start At/,
	],
	[
		'an unparseable date',
		{ ...good, startAt: '={{ $json.bad ? "next Tuesday" : "2030-12-02 10:00" }}' },
		/^Start At in item 1 is not a date: "next Tuesday"/,
	],
	[
		'an impossible date',
		{ ...good, startAt: '={{ $json.bad ? "2026-02-30 10:00" : "2030-12-02 10:00" }}' },
		/^Start At in item 1 is not a date/,
	],
	[
		'an object as a date',
		{ ...good, endAt: '={{ $json.bad ? { "when": "soon" } : "2030-12-02 10:00" }}' },
		/^End At in item 1 is not a date: found an object/,
	],
	[
		'an empty override key',
		{ ...good, overrides: { override: [{ key: '={{ $json.bad ? "" : "URL" }}', value: 'x' }] } },
		/^Overrides in item 1: override 1 has an empty key$/,
	],
	[
		'a key of only #',
		{
			...good,
			overrides: { override: [{ key: '={{ $json.bad ? "######" : "URL" }}', value: 'x' }] },
		},
		/^Overrides in item 1: override 1 has an empty key$/,
	],
	[
		'an override key with # inside',
		{
			...good,
			overrides: { override: [{ key: '={{ $json.bad ? "OPP###NAME" : "URL" }}', value: 'x' }] },
		},
		/^Overrides in item 1: the key "OPP###NAME" has # inside, so it can never match a placeholder$/,
	],
	[
		'an override key of placeholders run together',
		{
			...good,
			overrides: { override: [{ key: '={{ $json.bad ? "###URL###X###" : "URL" }}', value: 'x' }] },
		},
		/^Overrides in item 1: the key "URL###X" has # inside, so it can never match a placeholder$/,
	],
	[
		'a window entirely in the past',
		{
			...good,
			startAt: '2001-01-01 10:00',
			endAt: '={{ $json.bad ? "2001-01-02 10:00" : "2030-01-02 10:00" }}',
		},
		/^End At in item 1 \(2001-01-02 \d\d:00 UTC\) is not in the future: the notification's whole window has passed$/,
	],
	[
		'a repeated override key',
		{
			...good,
			overrides: {
				override: [
					{ key: 'URL', value: 'a' },
					{ key: '={{ $json.bad ? "###URL###" : "NAME" }}', value: 'b' },
				],
			},
		},
		/^Overrides in item 1: the key "URL" is given twice$/,
	],
	[
		'an object as an override value',
		{
			...good,
			overrides: { override: [{ key: 'URL', value: '={{ $json.bad ? { "href": "x" } : "x" }}' }] },
		},
		/^Overrides → Value of "URL" in item 1 must be text, found an object/,
	],
	[
		'an unknown type',
		{ ...good, notificationType: '={{ $json.bad ? "banner" : "push" }}' },
		/^Notification Type in item 1 must be push or popup, not "banner"$/,
	],
	[
		'an object as a recipient',
		{ templateId: TEMPLATE, endUsersIds: '={{ $json.bad ? [{ "id": 7 }] : "a@x.com" }}' },
		/^End User IDs in item 1: A user ID list may hold only strings or numbers, found an object$/,
	],
	[
		'an object as the title',
		{ ...good, runtimeTitle: '={{ $json.bad ? { "t": 1 } : "Hi" }}' },
		/^Runtime Title in item 1 must be text, found an object/,
	],
	[
		'a system ID that is not one',
		{ ...good, systemId: '={{ $json.bad ? "production" : "' + SYSTEM + '" }}' },
		/^System ID in item 1 is not a Workstation system ID: "production"$/,
	],
	[
		'a list holding an object as audiences',
		{ ...good, audiencesIds: '={{ $json.bad ? [{ "id": "' + AUDIENCE + '" }] : [] }}' },
		/^Audience IDs \(a list entry\) in item 1 must be text, found an object/,
	],
	[
		'a batch size of 0',
		{ ...good, options: { recipientsPerRequest: '={{ $json.bad ? 0 : 10 }}' } },
		/^End Users per Request in item 1 must be a whole number 1 or more, found the number 0$/,
	],
];

describe('WalkMe Notification rejects bad input before sending anything', () => {
	it.each(badInputs)('%s', async (_, parameters, message) => {
		const { error, output } = await sendNotification(
			parameters,
			[0, 1, 2].map((index) => ({ bad: index === 1 })),
		);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(output).toEqual([]);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses a Send mode it does not know (from an expression) instead of sending per item', async () => {
		const { error, output } = await sendNotification({ ...good, sendMode: '={{ "allItem" }}' }, [
			{},
			{},
		]);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('Send in item 0 must be perItem or allItems, not "allItem"');
		expect(output).toEqual([]);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('with continueOnFail, the bad item becomes an error item and the others are sent', async () => {
		const { output, error } = await sendNotification(
			badInputs[0][1],
			[0, 1, 2].map((index) => ({ bad: index === 1 })),
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toMatch(badInputs[0][2]);
		expect(emulator.notifications).toHaveLength(2);
	});
});
