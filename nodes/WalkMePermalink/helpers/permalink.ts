import {
	decodeComponent,
	encodePathSegment,
	encodeQueryComponent,
	isEncodableText,
} from './encoding';

export const PERMALINK_VERSION = '1.0';

export type PermalinkKind =
	| 'startCampaign'
	| 'startCampaignWithRedirect'
	| 'sendGoal'
	| 'setUserAttributes'
	| 'setPrivateUserAttributes'
	| 'restartSdk'
	| 'setUserId';

export type Attribute = [name: string, value: string];

export interface PermalinkParts {
	kind: PermalinkKind;
	appKey: string;
	campaignKey?: string;
	deeplink?: string;
	goalName?: string;
	userId?: string;
	attributes?: Attribute[];
}

/** Characters a URI scheme may hold after its first letter (RFC 3986 §3.1). */
const APP_KEY = /^[A-Za-z0-9+.-]+$/;

export class PermalinkError extends Error {
	constructor(
		message: string,
		/** The parameter the problem is in, e.g. "App Key". */
		readonly field: string,
	) {
		super(message);
	}
}

export function checkAppKey(appKey: string): void {
	if (appKey === '') throw new PermalinkError('is empty', 'App Key');
	if (!APP_KEY.test(appKey)) {
		throw new PermalinkError(
			`may hold only letters, digits, "+", "-" and "." (URL scheme com.walkme.<app key>): ${JSON.stringify(appKey)}`,
			'App Key',
		);
	}
}

function requireText(value: string | undefined, field: string): string {
	if (value === undefined || value === '') throw new PermalinkError('is empty', field);
	if (!isEncodableText(value))
		throw new PermalinkError('holds a broken character (an unpaired surrogate)', field);
	return value;
}

function query(attributes: Attribute[]): string {
	const names = new Set<string>();
	const pairs = attributes.map(([name, value]) => {
		if (name === '') throw new PermalinkError('has an attribute with an empty name', 'Attributes');
		if (names.has(name))
			throw new PermalinkError(`name ${JSON.stringify(name)} appears twice`, 'Attributes');
		names.add(name);
		if (!isEncodableText(name) || !isEncodableText(value)) {
			throw new PermalinkError(
				`attribute ${JSON.stringify(name)} holds a broken character`,
				'Attributes',
			);
		}
		return `${encodeQueryComponent(name)}=${encodeQueryComponent(value)}`;
	});
	return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/** Builds a WalkMe Mobile permalink (seed 000's syntax, one slash after the version). */
export function buildPermalink(parts: PermalinkParts): string {
	checkAppKey(parts.appKey);
	const base = `com.walkme.${parts.appKey}://${PERMALINK_VERSION}/`;
	const attributes = parts.attributes ?? [];
	switch (parts.kind) {
		case 'startCampaign':
			return `${base}trigger_campaign/${encodePathSegment(requireText(parts.campaignKey, 'Campaign Key'))}`;
		case 'startCampaignWithRedirect':
			return (
				`${base}trigger_campaign/${encodePathSegment(requireText(parts.campaignKey, 'Campaign Key'))}` +
				`?deeplink=${encodeQueryComponent(requireText(parts.deeplink, 'Deep Link'))}`
			);
		case 'sendGoal':
			return `${base}send_goal/${encodePathSegment(requireText(parts.goalName, 'Goal Name'))}${query(attributes)}`;
		case 'setUserAttributes':
		case 'setPrivateUserAttributes': {
			if (attributes.length === 0)
				throw new PermalinkError('is empty: set at least one attribute', 'Attributes');
			const path =
				parts.kind === 'setUserAttributes' ? 'set_user_attribute' : 'set_private_user_attribute';
			return `${base}${path}${query(attributes)}`;
		}
		case 'restartSdk':
			return `${base}restart_sdk`;
		case 'setUserId':
			return `${base}set_user_id/${encodePathSegment(requireText(parts.userId, 'User ID'))}`;
	}
}

const LINK = /^com\.walkme\.([^:/?#]*):\/\/([^?#]*)(?:\?([^#]*))?$/;

function decode(text: string, what: string): string {
	const decoded = tryDecode(text);
	if (decoded === undefined) {
		throw new PermalinkError(
			`has a malformed percent-encoding in ${what}: ${JSON.stringify(text)}`,
			'Permalink',
		);
	}
	return decoded;
}

/** The decoded text, or undefined when its percent-encoding is malformed (decodeURIComponent's URIError). */
function tryDecode(text: string): string | undefined {
	try {
		return decodeComponent(text);
	} catch {
		// decodeURIComponent throws only URIError, for a malformed percent-encoding.
		return undefined;
	}
}

function parseQuery(text: string | undefined): Attribute[] {
	if (text === undefined || text === '') return [];
	return text.split('&').map((pair) => {
		const equals = pair.indexOf('=');
		const name = decode(equals < 0 ? pair : pair.slice(0, equals), 'a parameter name');
		const value = equals < 0 ? '' : decode(pair.slice(equals + 1), 'a parameter value');
		return [name, value] as Attribute;
	});
}

/**
 * Splits a permalink into its kind and parts. Accepts what buildPermalink makes, plus empty path
 * segments (the seed's own example has `1.0//set_user_id`).
 */
export function parsePermalink(link: string): PermalinkParts {
	const match = LINK.exec(link.trim());
	if (!match) {
		throw new PermalinkError(
			`is not a WalkMe Mobile permalink (expected com.walkme.<app key>://1.0/...): ${JSON.stringify(link)}`,
			'Permalink',
		);
	}
	const [, appKey, rawPath, rawQuery] = match;
	checkAppKey(appKey);
	const [version, action, ...rest] = rawPath.split('/').filter((segment) => segment !== '');
	if (version !== PERMALINK_VERSION) {
		throw new PermalinkError(
			`has version ${JSON.stringify(version ?? '')}; only ${PERMALINK_VERSION} exists`,
			'Permalink',
		);
	}
	const params = parseQuery(rawQuery);
	const argument = (name: string) => {
		if (rest.length !== 1)
			throw new PermalinkError(`"${action}" takes exactly one ${name} after it`, 'Permalink');
		return decode(rest[0], name);
	};
	const noArgument = () => {
		if (rest.length > 0)
			throw new PermalinkError(`"${action}" takes nothing after it`, 'Permalink');
	};
	switch (action) {
		case 'trigger_campaign': {
			const campaignKey = argument('campaign key');
			if (params.length === 0) return { kind: 'startCampaign', appKey, campaignKey };
			if (params.length === 1 && params[0][0] === 'deeplink') {
				return { kind: 'startCampaignWithRedirect', appKey, campaignKey, deeplink: params[0][1] };
			}
			throw new PermalinkError('"trigger_campaign" takes only a "deeplink" parameter', 'Permalink');
		}
		case 'send_goal':
			return { kind: 'sendGoal', appKey, goalName: argument('goal name'), attributes: params };
		case 'set_user_attribute':
			noArgument();
			return { kind: 'setUserAttributes', appKey, attributes: params };
		case 'set_private_user_attribute':
			noArgument();
			return { kind: 'setPrivateUserAttributes', appKey, attributes: params };
		case 'restart_sdk':
			noArgument();
			return { kind: 'restartSdk', appKey };
		case 'set_user_id':
			return { kind: 'setUserId', appKey, userId: argument('user ID') };
		default:
			throw new PermalinkError(
				`has an unknown action ${JSON.stringify(action ?? '')}`,
				'Permalink',
			);
	}
}
