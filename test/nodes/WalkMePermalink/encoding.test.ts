import type { PermalinkParts } from '../../../nodes/WalkMePermalink/helpers/permalink';
import {
	PermalinkError,
	buildPermalink,
	parsePermalink,
} from '../../../nodes/WalkMePermalink/helpers/permalink';
import {
	encodePathSegment,
	encodeQueryComponent,
	isEncodableText,
} from '../../../nodes/WalkMePermalink/helpers/encoding';

const APP = '6773869e-781c-419f-8b09-32055a2a22d6';

// Seed 000, example by example (Set End User ID with one slash: the seed's `1.0//` is a typo).
const seedExamples: Array<[PermalinkParts, string]> = [
	[
		{ kind: 'startCampaign', appKey: APP, campaignKey: 'myKey' },
		`com.walkme.${APP}://1.0/trigger_campaign/myKey`,
	],
	[
		{
			kind: 'startCampaignWithRedirect',
			appKey: APP,
			campaignKey: 'myKey',
			deeplink: 'walkme.testme://samples',
		},
		`com.walkme.${APP}://1.0/trigger_campaign/myKey?deeplink=walkme.testme://samples`,
	],
	[
		{
			kind: 'sendGoal',
			appKey: APP,
			goalName: 'MyGoal',
			attributes: [
				['goal_att_name1', 'value1'],
				['goal_att_name2', 'value2'],
			],
		},
		`com.walkme.${APP}://1.0/send_goal/MyGoal?goal_att_name1=value1&goal_att_name2=value2`,
	],
	[
		{
			kind: 'setUserAttributes',
			appKey: APP,
			attributes: [
				['key1', 'value1'],
				['key2', 'value2'],
			],
		},
		`com.walkme.${APP}://1.0/set_user_attribute?key1=value1&key2=value2`,
	],
	[
		{
			kind: 'setPrivateUserAttributes',
			appKey: APP,
			attributes: [
				['key1', 'value1'],
				['key2', 'value2'],
			],
		},
		`com.walkme.${APP}://1.0/set_private_user_attribute?key1=value1&key2=value2`,
	],
	[{ kind: 'restartSdk', appKey: APP }, `com.walkme.${APP}://1.0/restart_sdk`],
	[
		{ kind: 'setUserId', appKey: APP, userId: 'JohnDoe' },
		`com.walkme.${APP}://1.0/set_user_id/JohnDoe`,
	],
];

describe('permalinks', () => {
	it.each(seedExamples)('reproduces the seed example for %j', (parts, link) => {
		expect(buildPermalink(parts)).toBe(link);
		expect(parsePermalink(link)).toEqual(parts);
	});

	it("parses the seed's double-slash Set End User ID example", () => {
		expect(parsePermalink(`com.walkme.${APP}://1.0//set_user_id/JohnDoe`)).toEqual({
			kind: 'setUserId',
			appKey: APP,
			userId: 'JohnDoe',
		});
	});

	it('encodes path segments and query parts per RFC 3986', () => {
		expect(encodePathSegment("a b/c?d#e%f&g=h+i!'()*~._-")).toBe(
			'a%20b%2Fc%3Fd%23e%25f%26g%3Dh%2Bi%21%27%28%29%2A~._-',
		);
		expect(encodeQueryComponent('myapp://screen?x=1&y=2#top @')).toBe(
			'myapp://screen%3Fx%3D1%26y%3D2%23top%20@',
		);
		expect(encodeQueryComponent('Zürich 🙂')).toBe('Z%C3%BCrich%20%F0%9F%99%82');
		expect(buildPermalink({ kind: 'setUserId', appKey: APP, userId: 'a/b c' })).toBe(
			`com.walkme.${APP}://1.0/set_user_id/a%2Fb%20c`,
		);
	});

	it('refuses bad parts, naming the field', () => {
		const failure = (parts: PermalinkParts) => {
			try {
				buildPermalink(parts);
			} catch (error) {
				return [(error as PermalinkError).field, (error as Error).message];
			}
			return undefined;
		};
		expect(failure({ kind: 'restartSdk', appKey: 'my app' })?.[0]).toBe('App Key');
		expect(failure({ kind: 'restartSdk', appKey: 'a/b' })?.[1]).toMatch(/only letters, digits/);
		expect(failure({ kind: 'startCampaign', appKey: APP })).toEqual(['Campaign Key', 'is empty']);
		expect(failure({ kind: 'setUserAttributes', appKey: APP, attributes: [['', 'x']] })).toEqual([
			'Attributes',
			'has an attribute with an empty name',
		]);
		expect(failure({ kind: 'setUserAttributes', appKey: APP, attributes: [] })?.[0]).toBe(
			'Attributes',
		);
		expect(
			failure({
				kind: 'setUserAttributes',
				appKey: APP,
				attributes: [
					['a', '1'],
					['a', '2'],
				],
			})?.[1],
		).toBe('name "a" appears twice');
		expect(failure({ kind: 'setUserId', appKey: APP, userId: 'x\uD800' })?.[0]).toBe('User ID');
	});

	it.each([
		'https://example.com',
		`com.walkme.${APP}://2.0/restart_sdk`,
		`com.walkme.${APP}://1.0/launch_rockets`,
		`com.walkme.${APP}://1.0/trigger_campaign/a/b`,
		`com.walkme.${APP}://1.0/trigger_campaign/a?utm=1`,
		`com.walkme.${APP}://1.0/set_user_id/%E0%A4%A`,
		`com.walkme.${APP}://1.0/restart_sdk#frag`,
		'com.walkme.my app://1.0/restart_sdk',
	])('refuses to parse %s', (link) => {
		expect(() => parsePermalink(link)).toThrow(PermalinkError);
	});
});

// A small deterministic generator, so a failure can be replayed.
function random(seed: number) {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) & 0x7fffffff;
		return state / 0x7fffffff;
	};
}

const POOL = [
	...'aZ09-._~ &=?#/%+:@!$\'()*,;[]"<>\\^`{|}',
	'é',
	'ß',
	'Ж',
	'中',
	'ע',
	'🙂',
	'👩‍💻',
	'🇮🇱',
	'\u00a0',
	'\t',
	'\n',
];

function text(next: () => number, min: number): string {
	const length = min + Math.floor(next() * 12);
	return Array.from({ length }, () => POOL[Math.floor(next() * POOL.length)]).join('');
}

describe('Parse(Generate(x)) returns x', () => {
	it('for 2,000 generated inputs across every kind', () => {
		const next = random(20261121);
		const kinds = [
			'startCampaign',
			'startCampaignWithRedirect',
			'sendGoal',
			'setUserAttributes',
			'setPrivateUserAttributes',
			'restartSdk',
			'setUserId',
		] as const;
		for (let i = 0; i < 2000; i++) {
			const kind = kinds[i % kinds.length];
			const parts: PermalinkParts = { kind, appKey: ['abc', APP, 'A.b+c-1'][i % 3] };
			const attributes = () => {
				const count = kind === 'sendGoal' ? Math.floor(next() * 4) : 1 + Math.floor(next() * 4);
				const names = new Set<string>();
				while (names.size < count) names.add(text(next, 1));
				return [...names].map((name) => [name, text(next, 0)] as [string, string]);
			};
			if (kind === 'startCampaign' || kind === 'startCampaignWithRedirect')
				parts.campaignKey = text(next, 1);
			if (kind === 'startCampaignWithRedirect') parts.deeplink = text(next, 1);
			if (kind === 'sendGoal') parts.goalName = text(next, 1);
			if (kind === 'setUserId') parts.userId = text(next, 1);
			if (
				kind === 'sendGoal' ||
				kind === 'setUserAttributes' ||
				kind === 'setPrivateUserAttributes'
			)
				parts.attributes = attributes();
			const link = buildPermalink(parts);
			expect(link).not.toMatch(/[\s#]|:\/\/1\.0\/\//);
			expect(parsePermalink(link)).toEqual(parts);
		}
	});

	it('knows which text can be encoded', () => {
		expect(isEncodableText('👩‍💻 ok')).toBe(true);
		expect(isEncodableText('\uDC00x')).toBe(false);
	});
});
