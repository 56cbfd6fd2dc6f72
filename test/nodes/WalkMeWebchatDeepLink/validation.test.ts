import type { IDataObject } from 'n8n-workflow';

import { OpenDialogEmulator } from '../../../dev/emulator/openDialog';
import { emulatorPerFile } from '../../helpers/emulators';
import { byFields, customers, deepLinkRunner } from './common';

const emulator = emulatorPerFile(new OpenDialogEmulator());
const run = deepLinkRunner(emulator);

const badInputs: Array<[string, IDataObject, RegExp]> = [
	[
		'a nested-object attribute',
		{
			attributeSource: 'keyValue',
			attributes: {
				attribute: [
					{ name: 'address', value: '={{ $json.bad ? { "city": "Lisbon" } : "Lisbon" }}' },
				],
			},
		},
		/^Attributes in item 1: the value of "address" is a nested object; OpenDialog takes text, numbers and lists of them$/,
	],
	[
		'a list holding an object',
		{
			attributeSource: 'keyValue',
			attributes: {
				attribute: [{ name: 'orders', value: '={{ $json.bad ? [{ "id": 1 }] : [1] }}' }],
			},
		},
		/^Attributes in item 1: the entry 1 of the list of "orders" is a nested object/,
	],
	[
		'a list inside a list',
		{
			attributeSource: 'keyValue',
			attributes: { attribute: [{ name: 'grid', value: '={{ $json.bad ? [[1, 2]] : [1] }}' }] },
		},
		/^Attributes in item 1: the entry 1 of the list of "grid" is a list inside a list/,
	],
	[
		'an empty Scenario ID',
		{ scenarioId: '={{ $json.bad ? "" : "customer_support" }}', attributeSource: 'allFields' },
		/^Scenario ID in item 1 is empty$/,
	],
	[
		'a Scenario ID that is an object',
		{
			scenarioId: '={{ $json.bad ? { "id": 1 } : "customer_support" }}',
			attributeSource: 'allFields',
		},
		/^Scenario ID in item 1 must be text, found an object/,
	],
	[
		'a User ID that is an object',
		{ userId: '={{ $json.bad ? { "id": 1 } : "u" }}', attributeSource: 'allFields' },
		/^User ID in item 1 must be text, found an object/,
	],
	[
		'an empty attribute name',
		{
			attributeSource: 'keyValue',
			attributes: { attribute: [{ name: '={{ $json.bad ? "" : "tier" }}', value: 'gold' }] },
		},
		/^Attributes in item 1: an attribute has an empty name$/,
	],
	[
		'an unknown Attributes From',
		{ attributeSource: '={{ $json.bad ? "allField" : "allFields" }}', attributeFields: 'name' },
		/^Attributes From in item 1 must be allFields, fields or keyValue, not "allField"$/,
	],
	[
		'a repeated attribute name',
		{
			attributeSource: 'keyValue',
			attributes: {
				attribute: [
					{ name: 'tier', value: 'a' },
					{ name: '={{ $json.bad ? "tier" : "level" }}', value: 'b' },
				],
			},
		},
		/^Attributes in item 1: "tier" is given twice$/,
	],
	[
		'a field the item lacks',
		{ attributeSource: 'fields', attributeFields: '={{ $json.bad ? "nickname" : "name" }}' },
		/^Fields in item 1: the item has no field "nickname"$/,
	],
	[
		'a field holding an object (all fields)',
		{ attributeSource: 'allFields', userId: '={{ $json.name }}' },
		/^Attributes in item 1: the value of "extra" is a nested object/,
	],
];

describe('WalkMe Webchat Deep Link rejects bad input before sending anything', () => {
	it.each(badInputs)('%s', async (_, parameters, message) => {
		const items = [0, 1].map((index) =>
			index === 1 ? { bad: true, name: 'B', extra: { a: 1 } } : { bad: false, name: 'A' },
		);
		const { error, output } = await run(parameters, items);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(output).toEqual([]);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses an item field whose name is spaces only (all fields), sending nothing', async () => {
		const { error } = await run({ attributeSource: 'allFields' }, [
			{ name: 'A' },
			{ name: 'B', '  ': 'blank' },
		]);
		expect(error?.message).toBe(
			'Attributes in item 1: an attribute has a name of spaces only ("  ")',
		);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses an Output Field equal to the User ID Output Field, which would overwrite the link', async () => {
		const { error } = await run(
			{ ...byFields, options: { outputField: 'link', userIdOutputField: ' link ' } },
			customers(2),
		);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe(
			'Output Field and User ID Output Field in item 0 are both "link": the user ID would overwrite the link',
		);
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses a credential with an empty API token, sending nothing', async () => {
		for (const apiToken of ['', '   ']) {
			const { error } = await run(byFields, customers(1), { credentialOverrides: { apiToken } });
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toBe('The OpenDialog credential has no API Token');
		}
		expect(emulator.requests()).toHaveLength(0);
	});

	it('refuses a plain-http workspace URL that is not on this machine, sending nothing', async () => {
		const { error } = await run(byFields, customers(1), {
			credentialOverrides: { baseUrl: 'http://acme.cloud.opendialog.ai' },
		});
		expect(error?.message).toBe(
			"The OpenDialog credential's Workspace URL must start with https:// (got " +
				'"http://acme.cloud.opendialog.ai")',
		);
		expect(error?.description).toBe('plain http is allowed only for a workspace on this machine');
		expect(emulator.requests()).toHaveLength(0);
	});

	it('tolerates a workspace URL pasted with a trailing slash or /public/api', async () => {
		for (const suffix of ['/', '/public/api', '/public/api/']) {
			const { error } = await run(byFields, customers(1), {
				credentialOverrides: { baseUrl: `${emulator.baseUrl}${suffix}` },
			});
			expect(error).toBeUndefined();
		}
		expect(emulator.requests().map((request) => request.path)).toEqual(
			Array(3).fill('/public/api/generate-webchat-deep-link'),
		);
	});

	it('with continueOnFail, a bad item becomes an error item and the others get links', async () => {
		const { output, error } = await run(
			badInputs[0][1],
			[{ bad: false }, { bad: true }, { bad: false }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toMatch(badInputs[0][2]);
		expect(output[0].json.webchatUrl).toBe(emulator.contexts[0].url);
		expect(output[2].json.webchatUrl).toBe(emulator.contexts[1].url);
	});
});
