import type { IDataObject } from 'n8n-workflow';

import { WalkMeEmulator } from '../../../dev/emulator/server';
import { emulatorPerFile } from '../../helpers/emulators';
import { INTEGRATION_TOKEN, attributeUpdater, users } from './common';

const emulator = emulatorPerFile(new WalkMeEmulator());
beforeEach(() => emulator.addIntegration(INTEGRATION_TOKEN, 'email'));
const updateAttributes = attributeUpdater(emulator);

describe('WalkMe End User refuses bad input before sending anything', () => {
	const OBJECT = { nested: true };
	const cases: Array<[string, IDataObject[], IDataObject, RegExp]> = [
		[
			'an empty identifier',
			[{ email: '', plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 0 is empty$/,
		],
		['a missing identifier', [{ plan: 'a', region: 'b' }], {}, /^Identifier in item 0 is empty$/],
		[
			'an object as identifier',
			[{ email: OBJECT, plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 0 must be text, found an object/,
		],
		[
			'the boolean true as identifier',
			[{ email: true, plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 0 must be text or a number, found the boolean true$/,
		],
		[
			'the boolean false as identifier',
			[{ email: false, plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 0 must be text or a number, found the boolean false$/,
		],
		[
			'a list as identifier',
			[{ email: ['a'], plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 0 must be text/,
		],
		[
			'an empty Identifier Field Name',
			[{ email: 'a@x', plan: 'a', region: 'b' }],
			{ identifierName: '={{ $json.none ?? "" }}' },
			/^Identifier Field Name in item 0 is empty$/,
		],
		[
			'an empty Fields',
			[{ email: 'a@x' }],
			{ attributeFields: '={{ $json.none ?? "" }}' },
			/^Fields in item 0 is empty$/,
		],
		[
			'Fields with an empty name',
			[{ email: 'a@x', plan: 'a' }],
			{ attributeFields: 'plan, ,region' },
			/^Fields in item 0 has an empty field name$/,
		],
		[
			'a field the item lacks',
			[{ email: 'a@x', plan: 'a' }],
			{ attributeFields: 'plan, tier' },
			/^Fields in item 0: the item has no field "tier"$/,
		],
		[
			'an object value',
			[{ email: 'a@x', plan: OBJECT, region: 'b' }],
			{},
			/^Attributes in item 0: the value of "plan" is an object; WalkMe takes text, numbers, booleans and dates$/,
		],
		[
			'a list value',
			[{ email: 'a@x', plan: ['a'], region: 'b' }],
			{},
			/^Attributes in item 0: the value of "plan" is a list/,
		],
		[
			'a list of objects',
			[{ email: 'a@x', plan: [OBJECT], region: 'b' }],
			{},
			/^Attributes in item 0: the value of "plan" is a list/,
		],
		[
			'an empty object',
			[{ email: 'a@x', plan: {}, region: 'b' }],
			{},
			/^Attributes in item 0: the value of "plan" is an object/,
		],
		[
			'an empty list',
			[{ email: 'a@x', plan: [], region: 'b' }],
			{},
			/^Attributes in item 0: the value of "plan" is a list/,
		],
		[
			'a nested field holding an object',
			[{ email: 'a@x', crm: { owner: OBJECT } }],
			{ attributeFields: 'crm.owner' },
			/^Attributes in item 0: the value of "crm.owner" is an object/,
		],
		[
			'NaN',
			[{ email: 'a@x', score: '={{ NaN }}' }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: 'score', value: '={{ 0/0 }}' }] },
			},
			/^Attributes in item 0: the value of "score" is NaN/,
		],
		[
			'Infinity',
			[{ email: 'a@x' }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: 'score', value: '={{ 1/0 }}' }] },
			},
			/^Attributes in item 0: the value of "score" is Infinity/,
		],
		[
			'an unparseable date',
			[{ email: 'a@x', plan: 'a', region: 'not a date' }],
			{ options: { dateAttributes: 'region' } },
			/^Attributes in item 0: "region" is not a date/,
		],
		[
			'an impossible date',
			[{ email: 'a@x', plan: 'a', region: '2026-02-30' }],
			{ options: { dateAttributes: 'region' } },
			/^Attributes in item 0: "region" is not a date/,
		],
		[
			'an object as a date',
			[{ email: 'a@x', plan: 'a', region: OBJECT }],
			{ options: { dateAttributes: 'region' } },
			/^Attributes in item 0: "region" is not a date: found an object/,
		],
		[
			'a boolean as a date',
			[{ email: 'a@x', plan: 'a', region: true }],
			{ options: { dateAttributes: 'region' } },
			/^Attributes in item 0: "region" is not a date: found a boolean/,
		],
		[
			'an attribute without a name',
			[{ email: 'a@x' }],
			{ attributeSource: 'keyValue', attributes: { attribute: [{ name: '', value: 'x' }] } },
			/^Attributes in item 0: an attribute has no name$/,
		],
		[
			'an attribute named with spaces only',
			[{ email: 'a@x' }],
			{ attributeSource: 'keyValue', attributes: { attribute: [{ name: '   ', value: 'x' }] } },
			/^Attributes in item 0: an attribute has no name$/,
		],
		[
			'an attribute given twice',
			[{ email: 'a@x' }],
			{
				attributeSource: 'keyValue',
				attributes: {
					attribute: [
						{ name: 'plan', value: 'x' },
						{ name: 'plan', value: 'y' },
					],
				},
			},
			/^Attributes in item 0: "plan" is given twice$/,
		],
		[
			'an attribute named as the identifier',
			[{ email: 'a@x' }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: 'email', value: 'other@x' }] },
			},
			/^Attributes in item 0: "email" is the Identifier Field Name; its value comes from Identifier$/,
		],
		[
			'an object as an attribute name',
			[{ email: 'a@x', n: OBJECT }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: '={{ $json.n }}', value: 'x' }] },
			},
			/^Attributes → Name in item 0 must be text, found an object/,
		],
		[
			'an unknown Attributes From',
			[{ email: 'a@x' }],
			{ attributeSource: 'everything' },
			/^Attributes From in item 0 must be allFields, fields or keyValue, not "everything"$/,
		],
		[
			'an object as Fields',
			[{ email: 'a@x', f: OBJECT }],
			{ attributeFields: '={{ $json.f }}' },
			/^Fields in item 0 must be text, found an object/,
		],
		[
			'an object as Date Attributes',
			[{ email: 'a@x', plan: 'a', region: 'b', d: OBJECT }],
			{ options: { dateAttributes: '={{ $json.d }}' } },
			/^Date Attributes in item 0 must be text, found an object/,
		],
		[
			'Requests in Parallel of 0',
			[{ email: 'a@x', plan: 'a', region: 'b' }],
			{ options: { requestsInParallel: 0 } },
			/^Requests in Parallel in item 0 must be a whole number from 1 to 20/,
		],
		[
			'Requests in Parallel of 21',
			[{ email: 'a@x', plan: 'a', region: 'b' }],
			{ options: { requestsInParallel: 21 } },
			/^Requests in Parallel in item 0 must be a whole number from 1 to 20/,
		],
		[
			'Requests in Parallel of 2.5',
			[{ email: 'a@x', plan: 'a', region: 'b' }],
			{ options: { requestsInParallel: 2.5 } },
			/^Requests in Parallel in item 0 must be a whole number from 1 to 20/,
		],
		[
			'a bad item among good ones',
			[...users(5), { email: 'x@x', plan: OBJECT, region: 'b' }],
			{},
			/^Attributes in item 5: the value of "plan" is an object/,
		],
		[
			'a bad item at the end of 250',
			[...users(249), { email: '', plan: 'a', region: 'b' }],
			{},
			/^Identifier in item 249 is empty$/,
		],
		[
			'101 attribute names',
			[
				{
					email: 'a@x',
					...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`a${i}`, i])),
				},
			],
			{ attributeSource: 'allFields' },
			/^The items name 101 different attributes \(with the identifier "email"\); WalkMe keeps at most 100 per account$/,
		],
		[
			'101 names spread over items',
			Array.from({ length: 101 }, (_, i) => ({ email: `u${i}@x`, [`field${i}`]: i })),
			{ attributeSource: 'allFields' },
			/^The items name 102 different attributes/,
		],
		[
			'a function-like text is fine but an object from an expression is not',
			[{ email: 'a@x' }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: 'plan', value: '={{ { a: 1 } }}' }] },
			},
			/^Attributes in item 0: the value of "plan" is an object/,
		],
		[
			'a date list',
			[{ email: 'a@x', plan: 'a', region: ['2026-01-01'] }],
			{ options: { dateAttributes: 'region' } },
			/^Attributes in item 0: "region" is not a date: found a list/,
		],
		[
			'a nested path through a list',
			[{ email: 'a@x', crm: [{ plan: 'a' }] }],
			{ attributeFields: 'crm' },
			/^Attributes in item 0: the value of "crm" is a list/,
		],
		[
			'an identifier from a missing nested field',
			[{ crm: {} }],
			{ identifier: '={{ $json.crm.email }}', attributeSource: 'allFields' },
			/^Identifier in item 0 is empty$/,
		],
		[
			'a key-value pair holding a list from an expression',
			[{ email: 'a@x', tags: ['a', 'b'] }],
			{
				attributeSource: 'keyValue',
				attributes: { attribute: [{ name: 'tags', value: '={{ $json.tags }}' }] },
			},
			/^Attributes in item 0: the value of "tags" is a list/,
		],
	];

	it('has 42 cases', () => expect(cases).toHaveLength(42));

	it.each(cases)('%s', async (_, items, parameters, message) => {
		const { error, output } = await updateAttributes(items, parameters);
		expect(error?.message).toMatch(message);
		expect(output).toEqual([]);
		expect(emulator.requests('userData')).toEqual([]);
		expect(emulator.endUsers.size).toBe(0);
	});

	it('with On Error → Continue, bad items become error items and the good ones are sent', async () => {
		const { output, error } = await updateAttributes(
			[users(1)[0], { email: 'x@x', plan: ['a'], region: 'b' }, users(3)[2]],
			{},
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect((emulator.requests('userData')[0].body as { data: unknown[] }).data).toHaveLength(2);
		expect(output.map((item) => [item.json.status ?? item.json.error, item.pairedItem])).toEqual([
			['accepted', [{ item: 0 }, { item: 2 }]],
			[expect.stringMatching(/^Attributes in item 1: the value of "plan" is a list/), { item: 1 }],
		]);
	});

	it('an empty integration token is refused before anything is sent, declared credential-invalid', async () => {
		const { error } = await updateAttributes(users(2), {}, { token: '  ' });
		expect(error?.message).toBe('The WalkMe End User Update credential has no Integration Token');
		expect((error as { failure?: IDataObject } | undefined)?.failure).toEqual({
			cause: 'credential-invalid',
		});
		expect(emulator.log).toEqual([]);
	});
});
