import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../../dev/workflow';

const APP = '6773869e-781c-419f-8b09-32055a2a22d6';
const run = (parameters: IDataObject, items: IDataObject[] = [{}], continueOnFail = false) =>
	runNode({
		nodeType: 'walkMePermalink',
		parameters: { resource: 'permalink', ...parameters },
		items,
		continueOnFail,
	});

describe('WalkMe Permalink through the engine', () => {
	it('adds the permalink to each item, keeping its fields and pairing', async () => {
		const { output, error } = await run(
			{
				operation: 'startCampaignWithRedirect',
				appKey: APP,
				campaignKey: '={{ $json.campaign }}',
				deeplink: 'walkme.testme://samples',
			},
			[
				{ email: 'a@x.com', campaign: 'myKey' },
				{ email: 'b@x.com', campaign: 'spring sale' },
			],
		);
		expect(error).toBeUndefined();
		expect(output.map((item) => [item.json, item.pairedItem])).toEqual([
			[
				{
					email: 'a@x.com',
					campaign: 'myKey',
					permalink: `com.walkme.${APP}://1.0/trigger_campaign/myKey?deeplink=walkme.testme://samples`,
				},
				{ item: 0 },
			],
			[
				{
					email: 'b@x.com',
					campaign: 'spring sale',
					permalink: `com.walkme.${APP}://1.0/trigger_campaign/spring%20sale?deeplink=walkme.testme://samples`,
				},
				{ item: 1 },
			],
		]);
	});

	it('writes to the chosen output field', async () => {
		const { output } = await run({ operation: 'restartSdk', appKey: APP, outputField: 'link' }, [
			{ id: 1 },
		]);
		expect(output[0].json).toEqual({ id: 1, link: `com.walkme.${APP}://1.0/restart_sdk` });
	});

	it('takes attributes from name/value pairs, in order', async () => {
		const { output } = await run({
			operation: 'sendGoal',
			appKey: APP,
			goalName: 'MyGoal',
			attributes: {
				attribute: [
					{ name: 'goal_att_name1', value: 'value1' },
					{ name: 'goal_att_name2', value: 'value2' },
				],
			},
		});
		expect(output[0].json.permalink).toBe(
			`com.walkme.${APP}://1.0/send_goal/MyGoal?goal_att_name1=value1&goal_att_name2=value2`,
		);
	});

	it('takes attributes from chosen fields of the item, in the order listed', async () => {
		const { output } = await run(
			{
				operation: 'setPrivateUserAttributes',
				appKey: APP,
				attributeSource: 'fields',
				attributeFields: 'city, profile.firstName, age',
			},
			[{ age: 41, city: 'Tel Aviv & Jaffa', profile: { firstName: 'Zoë' } }],
		);
		expect(output[0].json.permalink).toBe(
			`com.walkme.${APP}://1.0/set_private_user_attribute?city=Tel%20Aviv%20%26%20Jaffa&profile.firstName=Zo%C3%AB&age=41`,
		);
	});

	it('parses links, including the double-slash form', async () => {
		const { output } = await run({ operation: 'parse', permalink: '={{ $json.link }}' }, [
			{ link: `com.walkme.${APP}://1.0//set_user_id/JohnDoe` },
			{ link: `com.walkme.${APP}://1.0/set_user_attribute?key1=value1&key2=a%26b` },
		]);
		expect(output.map((item) => item.json.parsed)).toEqual([
			{ kind: 'setUserId', appKey: APP, userId: 'JohnDoe' },
			{ kind: 'setUserAttributes', appKey: APP, attributes: { key1: 'value1', key2: 'a&b' } },
		]);
	});

	const badInputs: Array<[string, IDataObject, IDataObject, string]> = [
		[
			'an app key with a space',
			{ operation: 'restartSdk', appKey: '={{ $json.bad ? "my app" : "' + APP + '" }}' },
			{},
			'App Key in item 1 may hold only letters, digits, "+", "-" and "." ' +
				'(URL scheme com.walkme.<app key>): "my app"',
		],
		[
			'an app key with a slash',
			{ operation: 'restartSdk', appKey: '={{ $json.bad ? "app/key" : "' + APP + '" }}' },
			{},
			'App Key in item 1 may hold only letters, digits, "+", "-" and "." ' +
				'(URL scheme com.walkme.<app key>): "app/key"',
		],
		[
			'a missing campaign key',
			{ operation: 'startCampaign', appKey: APP, campaignKey: '={{ $json.bad ? "" : "k" }}' },
			{},
			'Campaign Key in item 1 is empty',
		],
		[
			'an empty attribute name',
			{
				operation: 'setUserAttributes',
				appKey: APP,
				attributes: { attribute: [{ name: '={{ $json.bad ? "" : "a" }}', value: '1' }] },
			},
			{},
			'Attributes in item 1 has an attribute with an empty name',
		],
		[
			'an attribute value that is an object',
			{
				operation: 'setUserAttributes',
				appKey: APP,
				attributeSource: 'fields',
				attributeFields: 'x',
			},
			{ x: 'plain' },
			'Attributes in item 1: the value of "x" is an object; a permalink can carry only text, numbers and booleans',
		],
		[
			'a link that is not a permalink',
			{
				operation: 'parse',
				permalink: '={{ $json.bad ? "https://example.com" : "com.walkme.a://1.0/restart_sdk" }}',
			},
			{},
			'Permalink in item 1 is not a WalkMe Mobile permalink (expected com.walkme.<app key>://1.0/...): "https://example.com"',
		],
	];

	it.each(badInputs)(
		'fails on %s, naming the field and the item',
		async (_, parameters, extra, message) => {
			const items = [
				{ ...extra },
				{ ...extra, bad: true, ...(extra.x ? { x: { nested: true } } : {}) },
				{ ...extra },
			];
			const { error, output } = await run(parameters, items);
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toBe(message);
			expect(output).toEqual([]);
		},
	);

	it.each(badInputs)(
		'with continueOnFail, %s becomes an error item paired to its input',
		async (_, parameters, extra, message) => {
			const items = [
				{ ...extra },
				{ ...extra, bad: true, ...(extra.x ? { x: { nested: true } } : {}) },
				{ ...extra },
			];
			const { error, output } = await run(parameters, items, true);
			expect(error).toBeUndefined();
			expect(output.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(output[1].json).toEqual({ error: message });
			expect(output[0].json.error).toBeUndefined();
		},
	);
});
