/**
 * Odd parameter values must never create, send or hide anything: each bad input fails before any
 * request, naming the field and the item.
 */
import type { IDataObject } from 'n8n-workflow';

import { WalkMeEmulator } from '../../dev/emulator/server';
import { SYSTEM_GUID, walkMeCredential } from '../../dev/walkme';
import { runNode } from '../../dev/workflow';
import { emulatorPerFile } from '../helpers/emulators';

const emulator = emulatorPerFile(new WalkMeEmulator());

const SEGMENT = '12345aeb-123c-4d83-8b38-a5a456789d0a';
const APP_KEY = '6773869e-781c-419f-8b09-32055a2a22d6';
/** `{{ $json.bad ? <bad> : <good> }}`: item 1 of the two is the bad one. */
const onItem1 = (bad: string, good: string) => `={{ $json.bad ? ${bad} : ${good} }}`;
const OBJECT = '{ "first": "Ana" }';
const LIST = '["a", "b"]';

const segmentCreate = {
	resource: 'segment',
	operation: 'create',
	systemGuid: SYSTEM_GUID,
	name: 'S',
	userIdSource: 'parameter',
	userIds: 'a@x.com',
};
const segmentUpdate = {
	resource: 'segment',
	operation: 'update',
	systemGuid: SYSTEM_GUID,
	segmentId: { __rl: true, mode: 'id', value: SEGMENT },
	action: 'add',
	userIdSource: 'parameter',
	userIds: 'a@x.com',
};
const segmentGetAll = {
	resource: 'segment',
	operation: 'getAll',
	systemGuid: SYSTEM_GUID,
	returnAll: false,
	limit: 5,
};
const campaign = {
	resource: 'permalink',
	operation: 'startCampaign',
	appKey: APP_KEY,
	campaignKey: 'spring',
};
const redirect = {
	resource: 'permalink',
	operation: 'startCampaignWithRedirect',
	appKey: APP_KEY,
	campaignKey: 'spring',
	deeplink: 'app://home',
};
const goal = {
	resource: 'permalink',
	operation: 'sendGoal',
	appKey: APP_KEY,
	goalName: 'Bought',
	attributeSource: 'keyValue',
	attributes: {},
};
const userIdLink = {
	resource: 'permalink',
	operation: 'setUserId',
	appKey: APP_KEY,
	userId: 'JohnDoe',
};
const attributesLink = {
	resource: 'permalink',
	operation: 'setUserAttributes',
	appKey: APP_KEY,
	attributeSource: 'keyValue',
	attributes: { attribute: [{ name: 'city', value: 'Lisbon' }] },
};
const fieldsLink = {
	resource: 'permalink',
	operation: 'setUserAttributes',
	appKey: APP_KEY,
	attributeSource: 'fields',
	attributeFields: 'city',
};
const parseLink = {
	resource: 'permalink',
	operation: 'parse',
	permalink: `com.walkme.${APP_KEY}://1.0/restart_sdk`,
};

const badInputs: Array<[string, 'walkMeSegment' | 'walkMePermalink', IDataObject, RegExp]> = [
	// Segment: text fields that receive something other than text ([object Object] must never be sent)
	[
		'Segment Name as an object',
		'walkMeSegment',
		{ ...segmentCreate, name: onItem1(OBJECT, '"S"') },
		/^Name in item 1 must be text, found an object \({"first":"Ana"}\)$/,
	],
	[
		'Segment Name as a list',
		'walkMeSegment',
		{ ...segmentCreate, name: onItem1(LIST, '"S"') },
		/^Name in item 1 must be text, found a list/,
	],
	[
		'Segment Name as null',
		'walkMeSegment',
		{ ...segmentCreate, name: onItem1('null', '"S"') },
		/^Name in item 1 must be text, found null$/,
	],
	[
		'Segment Name empty',
		'walkMeSegment',
		{ ...segmentCreate, name: onItem1('"   "', '"S"') },
		/^Name in item 1 is empty$/,
	],
	[
		'External ID as an object',
		'walkMeSegment',
		{ ...segmentCreate, externalId: onItem1(OBJECT, '"crm-1"') },
		/^External ID in item 1 must be text, found an object/,
	],
	[
		'External ID as a list',
		'walkMeSegment',
		{ ...segmentCreate, externalId: onItem1(LIST, '"crm-1"') },
		/^External ID in item 1 must be text, found a list/,
	],
	[
		'Create or Override Name as an object',
		'walkMeSegment',
		{ ...segmentCreate, operation: 'createOrOverride', name: onItem1(OBJECT, '"S"') },
		/^Name in item 1 must be text, found an object/,
	],
	[
		'System GUID as an object',
		'walkMeSegment',
		{ ...segmentCreate, systemGuid: onItem1(OBJECT, `"${SYSTEM_GUID}"`) },
		/^System GUID in item 1 must be text, found an object/,
	],
	[
		'System GUID as a list',
		'walkMeSegment',
		{ ...segmentCreate, systemGuid: onItem1(`["${SYSTEM_GUID}"]`, `"${SYSTEM_GUID}"`) },
		/^System GUID in item 1 must be text, found a list/,
	],
	[
		'System GUID empty',
		'walkMeSegment',
		{ ...segmentCreate, systemGuid: onItem1('""', `"${SYSTEM_GUID}"`) },
		/^System GUID in item 1 is empty$/,
	],
	[
		'System GUID of 31 hex digits',
		'walkMeSegment',
		{
			...segmentCreate,
			systemGuid: onItem1('"6b1f2c3d4e5f40718293a4b5c6d7e8f"', `"${SYSTEM_GUID}"`),
		},
		/^System GUID in item 1 is not a GUID: "6b1f2c3d4e5f40718293a4b5c6d7e8f"$/,
	],
	[
		'System GUID as a number',
		'walkMeSegment',
		{ ...segmentCreate, systemGuid: onItem1('12345', `"${SYSTEM_GUID}"`) },
		/^System GUID in item 1 is not a GUID: "12345"$/,
	],
	[
		'a snippet URL without a GUID',
		'walkMeSegment',
		{
			...segmentCreate,
			systemGuid: onItem1('"https://cdn.walkme.com/users/abc/walkme.js"', `"${SYSTEM_GUID}"`),
		},
		/^System GUID in item 1 is not a GUID: "https:\/\/cdn\.walkme\.com\/users\/abc\/walkme\.js"$/,
	],
	[
		'Segment as an object',
		'walkMeSegment',
		{
			...segmentUpdate,
			segmentId: { __rl: true, mode: 'id', value: onItem1(OBJECT, `"${SEGMENT}"`) },
		},
		/^Segment in item 1 must be text, found an object/,
	],
	[
		'Segment empty',
		'walkMeSegment',
		{
			...segmentUpdate,
			segmentId: { __rl: true, mode: 'id', value: onItem1('""', `"${SEGMENT}"`) },
		},
		/^Segment in item 1 is empty$/,
	],
	[
		'Action unknown',
		'walkMeSegment',
		{ ...segmentUpdate, action: onItem1('"replace"', '"add"') },
		/^Action in item 1 must be "add", "remove" or "override", not "replace"$/,
	],
	[
		'User IDs as a boolean',
		'walkMeSegment',
		{ ...segmentCreate, userIds: onItem1('true', '"a@x.com"') },
		/^User IDs in item 1: User IDs must be a string or a list of strings, found a boolean$/,
	],
	[
		'User IDs as an object',
		'walkMeSegment',
		{ ...segmentCreate, userIds: onItem1(OBJECT, '"a@x.com"') },
		/^User IDs in item 1: User IDs must be a string or a list of strings, found an object$/,
	],
	[
		'User IDs holding a nested list',
		'walkMeSegment',
		{ ...segmentCreate, userIds: onItem1('[["a@x.com"]]', '"a@x.com"') },
		/^User IDs in item 1: A user ID list may hold only strings or numbers, found a list$/,
	],
	[
		'Limit of 0',
		'walkMeSegment',
		{ ...segmentGetAll, limit: onItem1('0', '5') },
		/^Limit in item 1 must be a whole number 1 or more, found the number 0$/,
	],
	[
		'a negative Limit',
		'walkMeSegment',
		{ ...segmentGetAll, limit: onItem1('-3', '5') },
		/^Limit in item 1 must be a whole number 1 or more, found the number -3$/,
	],
	[
		'Limit as text',
		'walkMeSegment',
		{ ...segmentGetAll, limit: onItem1('"ten"', '5') },
		/^Limit in item 1 must be a whole number 1 or more, found the text "ten"$/,
	],
	[
		'a fractional Limit',
		'walkMeSegment',
		{ ...segmentGetAll, limit: onItem1('2.5', '5') },
		/^Limit in item 1 must be a whole number 1 or more, found the number 2\.5$/,
	],
	[
		'Limit as an object',
		'walkMeSegment',
		{ ...segmentGetAll, limit: onItem1(OBJECT, '5') },
		/^Limit in item 1 must be a whole number 1 or more, found an object/,
	],
	// Permalink: every text that becomes part of a link
	[
		'Campaign Key as an object',
		'walkMePermalink',
		{ ...campaign, campaignKey: onItem1(OBJECT, '"spring"') },
		/^Campaign Key in item 1 must be text, found an object/,
	],
	[
		'Campaign Key as a list',
		'walkMePermalink',
		{ ...campaign, campaignKey: onItem1(LIST, '"spring"') },
		/^Campaign Key in item 1 must be text, found a list/,
	],
	[
		'Campaign Key as null',
		'walkMePermalink',
		{ ...campaign, campaignKey: onItem1('null', '"spring"') },
		/^Campaign Key in item 1 must be text, found null$/,
	],
	[
		'Campaign Key empty',
		'walkMePermalink',
		{ ...campaign, campaignKey: onItem1('""', '"spring"') },
		/^Campaign Key in item 1 /,
	],
	[
		'Deep Link as an object',
		'walkMePermalink',
		{ ...redirect, deeplink: onItem1(OBJECT, '"app://home"') },
		/^Deep Link in item 1 must be text, found an object/,
	],
	[
		'Goal Name as an object',
		'walkMePermalink',
		{ ...goal, goalName: onItem1(OBJECT, '"Bought"') },
		/^Goal Name in item 1 must be text, found an object/,
	],
	[
		'Goal Name as a list',
		'walkMePermalink',
		{ ...goal, goalName: onItem1(LIST, '"Bought"') },
		/^Goal Name in item 1 must be text, found a list/,
	],
	[
		'User ID as an object',
		'walkMePermalink',
		{ ...userIdLink, userId: onItem1(OBJECT, '"JohnDoe"') },
		/^User ID in item 1 must be text, found an object/,
	],
	[
		'App Key as an object',
		'walkMePermalink',
		{ ...campaign, appKey: onItem1(OBJECT, `"${APP_KEY}"`) },
		/^App Key in item 1 must be text, found an object/,
	],
	[
		'App Key with a space',
		'walkMePermalink',
		{ ...campaign, appKey: onItem1('"my app"', `"${APP_KEY}"`) },
		/^App Key in item 1 /,
	],
	[
		'App Key with a slash',
		'walkMePermalink',
		{ ...campaign, appKey: onItem1('"a/b"', `"${APP_KEY}"`) },
		/^App Key in item 1 /,
	],
	[
		'Output Field as an object',
		'walkMePermalink',
		{ ...campaign, outputField: onItem1(OBJECT, '"link"') },
		/^Output Field in item 1 must be text, found an object/,
	],
	[
		'an attribute name as an object',
		'walkMePermalink',
		{
			...attributesLink,
			attributes: { attribute: [{ name: onItem1(OBJECT, '"city"'), value: 'Lisbon' }] },
		},
		/^Attributes → Name in item 1 must be text, found an object/,
	],
	[
		'an attribute value as an object',
		'walkMePermalink',
		{
			...attributesLink,
			attributes: { attribute: [{ name: 'city', value: onItem1(OBJECT, '"Lisbon"') }] },
		},
		/^Attributes in item 1: the value of "city" is an object/,
	],
	[
		'an attribute value as a list',
		'walkMePermalink',
		{
			...attributesLink,
			attributes: { attribute: [{ name: 'city', value: onItem1(LIST, '"Lisbon"') }] },
		},
		/^Attributes in item 1: the value of "city" is a list/,
	],
	[
		'Fields as an object',
		'walkMePermalink',
		{ ...fieldsLink, attributeFields: onItem1(OBJECT, '"city"') },
		/^Fields in item 1 must be text, found an object/,
	],
	[
		'Fields with an empty name',
		'walkMePermalink',
		{ ...fieldsLink, attributeFields: onItem1('"city, , name"', '"city"') },
		/^Fields in item 1 has an empty field name$/,
	],
	[
		'a field the item lacks',
		'walkMePermalink',
		{ ...fieldsLink, attributeFields: onItem1('"town"', '"city"') },
		/^Fields in item 1: the item has no field "town"$/,
	],
	[
		'a field holding an object',
		'walkMePermalink',
		{ ...fieldsLink, attributeFields: onItem1('"address"', '"city"') },
		/^Attributes in item 1: the value of "address" is an object/,
	],
	[
		'Permalink to parse as an object',
		'walkMePermalink',
		{ ...parseLink, permalink: onItem1(OBJECT, `"com.walkme.${APP_KEY}://1.0/restart_sdk"`) },
		/^Permalink in item 1 must be text, found an object/,
	],
];

describe('odd parameter values fail before anything is sent, naming the field and the item', () => {
	it.each(badInputs)('%s', async (_, nodeType, parameters, message) => {
		const { error, output } = await runNode({
			nodeType,
			credentials: walkMeCredential(emulator),
			items: [0, 1].map((index) => ({
				bad: index === 1,
				city: 'Lisbon',
				address: { street: 'Rua A' },
			})),
			parameters,
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(output).toEqual([]);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('there are at least 40 of them', () => expect(badInputs.length).toBeGreaterThanOrEqual(40));
});
