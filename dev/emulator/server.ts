/**
 * A loopback stand-in for WalkMe's public APIs (token, Segments, Notifications, End User Update,
 * Activity Log), implementing the
 * documented endpoints as strictly as WalkMe's documents describe them. Tests talk to it over real
 * HTTP; it keeps state in memory, logs every request, and injects faults on demand.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type http from 'node:http';

import type { Incoming, LoggedRequest as AnyLoggedRequest, Reply } from './loopback';
import { LoopbackApi, bearerToken, send } from './loopback';

export type { Fault } from './loopback';

export const DEFAULT_CLIENT_ID = 'emulator-client-id';
export const DEFAULT_CLIENT_SECRET = 'emulator-client-secret';
/** What a WalkMe API key may do, as the token answer's `scope` lists it. */
export const ALL_SCOPES = [
	'segments:read',
	'segments:write',
	'notifications:write',
	'endUserUpdate:write',
	'activityLog:read',
];
const NOTIFICATIONS_PATH = '/public/v1/notifications/send';
const USER_DATA_PATH = '/public/v1/user/data';
const ACTIVITY_LOG_PATH = '/public/v1/activitylog';
/** The End User Update API's documented limits: entries per request, properties per account. */
export const MAX_USER_DATA_ENTRIES = 100;
export const MAX_ACCOUNT_PROPERTIES = 100;
/** The Activity Log API's default (and here largest) page, and its default window. */
export const ACTIVITY_LOG_DEFAULT_LIMIT = 1000;
const HOUR_MS = 3600000;
const COMPACT_GUID = /^[0-9a-f]{32}$/i;
const NOTIFICATION_DATE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/;
const NOTIFICATION_KEYS = [
	'systemId',
	'templateId',
	'endUsersIds',
	'audiencesIds',
	'notificationType',
	'title',
	'runtimeTitle',
	'runtimeDescription',
	'startAt',
	'endAt',
	'override',
];
export const MAX_USERS_PER_REQUEST = 25000;
export const MAX_USER_ID_LENGTH = 100;
const HYPHENATED_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEGMENT_PATH = /^\/public\/v1\/user\/system\/([^/]+)\/segment(?:\/([^/]+))?\/?$/;

export type WalkMeRequestKind = 'token' | 'segments' | 'notifications' | 'userData' | 'activity';

/** One event of the account's audit log, as the Activity Log API returns it. */
export interface ActivityEvent {
	eventId: string;
	timestamp: number;
	accountId: string;
	userId: string;
	userEmail: string;
	isImpersonated: boolean;
	ip: string;
	geoCountry: string;
	path: string;
	httpMethod: string;
	statusCode: number;
	actionType: string;
	actionDisplayName: string;
	actionDescription: string;
	additionalInfo: { systemId: string };
}
export type LoggedRequest = AnyLoggedRequest<WalkMeRequestKind>;

export interface DeliveredNotification {
	/** The `notification` object as received. */
	notification: Record<string, unknown>;
	id: string;
	at: number;
}

interface ApiKey {
	secret: string;
	scopes: string[];
}

interface StoredSegment {
	guid: string;
	id: string | null;
	name: string;
	users: Set<string>;
	createdAt: string;
	updatedAt: string;
}

export interface EmulatorOptions {
	port?: number;
	clientId?: string;
	clientSecret?: string;
	/** Keep request bodies in the log (large jobs may prefer only counts). */
	logBodies?: boolean;
}

export class WalkMeEmulator extends LoopbackApi<WalkMeRequestKind> {
	readonly clientId: string;
	readonly clientSecret: string;
	/** Issued tokens, the key each was issued to, and its scopes. */
	private readonly tokens = new Map<string, { clientId: string; scopes: string[] }>();
	private readonly apiKeys = new Map<string, ApiKey>();
	readonly notifications: DeliveredNotification[] = [];
	private readonly systems = new Map<string, Map<string, StoredSegment>>();
	/** End User Update integrations: their token → the identifier field they map. */
	private readonly integrations = new Map<string, string>();
	/** What the End User Update API received, per identifier value: the attributes, merged. */
	readonly endUsers = new Map<string, Record<string, unknown>>();
	/** The property names the account's integrations have received (at most 100). */
	readonly accountProperties = new Set<string>();
	readonly activity: ActivityEvent[] = [];
	/** The order the Activity Log API answers in; WalkMe's documents do not say which. */
	activityOrder: 'newestFirst' | 'oldestFirst' = 'newestFirst';

	constructor(options: EmulatorOptions = {}) {
		super(options.port ?? 0, options.logBodies ?? true);
		this.clientId = options.clientId ?? DEFAULT_CLIENT_ID;
		this.clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
		this.apiKeys.set(this.clientId, { secret: this.clientSecret, scopes: ALL_SCOPES });
	}

	reset(): void {
		this.clearLog();
		this.clearFaults();
		this.tokens.clear();
		this.systems.clear();
		this.notifications.length = 0;
		this.integrations.clear();
		this.endUsers.clear();
		this.accountProperties.clear();
		this.activity.length = 0;
		this.activityOrder = 'newestFirst';
		this.setLatency(0);
	}

	/** An End User Update integration (WalkMe's Data Integration Center → Data In) and its token. */
	addIntegration(token: string, identifier = 'email'): void {
		this.integrations.set(token, identifier);
	}

	/** Adds an event to the audit log; unspecified parts are filled in. */
	addActivity(event: Partial<ActivityEvent> & { timestamp: number }): ActivityEvent {
		const full: ActivityEvent = {
			eventId: randomUUID(),
			accountId: 'account-1',
			userId: 'user-1',
			userEmail: 'admin@company.example',
			isImpersonated: false,
			ip: '203.0.113.7',
			geoCountry: 'PT',
			path: '/api/shoutouts',
			httpMethod: 'POST',
			statusCode: 200,
			actionType: 'save_shoutout',
			actionDisplayName: 'Save ShoutOut',
			actionDescription: 'Saved the ShoutOut "Welcome"',
			additionalInfo: { systemId: 'bcf4c7f5682b4aa6875a0fc9bdfa21ca' },
			...event,
		};
		this.activity.push(full);
		return full;
	}

	/** Adds an API key that may do only what the scopes say (e.g. ['notifications:write']). */
	addApiKey(clientId: string, clientSecret: string, scopes: string[]): void {
		this.apiKeys.set(clientId, { secret: clientSecret, scopes });
	}

	/** The key is deleted in WalkMe's Admin Center: its tokens stop working, and it gets no new one. */
	revokeApiKey(clientId: string): void {
		this.apiKeys.delete(clientId);
		for (const [token, { clientId: owner }] of this.tokens)
			if (owner === clientId) this.tokens.delete(token);
	}

	expireTokens(): void {
		this.tokens.clear();
	}

	protected apiKeyOf(req: http.IncomingMessage): string | undefined {
		const token = bearerToken(req);
		if (token) return this.tokens.get(token)?.clientId;
		return basicPair(req)[0] || undefined;
	}

	protected expireAllTokens(): void {
		this.tokens.clear();
	}

	/** The data of a WalkMe credential (region Custom) that points at this emulator. */
	credentialData(): {
		region: string;
		baseUrl: string;
		clientId: string;
		clientSecret: string;
		accessToken: string;
	} {
		return {
			region: 'custom',
			baseUrl: this.baseUrl,
			clientId: this.clientId,
			clientSecret: this.clientSecret,
			accessToken: '',
		};
	}

	segments(
		systemGuid: string,
	): Array<{ guid: string; id: string | null; name: string; users: string[] }> {
		const system = this.systems.get(systemGuid.toLowerCase());
		if (!system) return [];
		return [...system.values()].map((s) => ({
			guid: s.guid,
			id: s.id,
			name: s.name,
			users: [...s.users],
		}));
	}

	/** Seeds a segment directly, as if it had been made earlier. */
	addSegment(
		systemGuid: string,
		name: string,
		users: string[] = [],
		id: string | null = null,
		guid: string = randomUUID(),
	): string {
		const now = new Date().toISOString();
		this.system(systemGuid).set(guid, {
			guid,
			id,
			name,
			users: new Set(users),
			createdAt: now,
			updatedAt: now,
		});
		return guid;
	}

	private system(systemGuid: string): Map<string, StoredSegment> {
		const key = systemGuid.toLowerCase();
		let system = this.systems.get(key);
		if (!system) {
			system = new Map();
			this.systems.set(key, system);
		}
		return system;
	}

	protected classify(path: string): WalkMeRequestKind | 'unknown' {
		if (path === '/accounts/connect/token') return 'token';
		if (SEGMENT_PATH.test(path)) return 'segments';
		if (path === NOTIFICATIONS_PATH) return 'notifications';
		if (path === USER_DATA_PATH) return 'userData';
		if (path === ACTIVITY_LOG_PATH) return 'activity';
		return 'unknown';
	}

	protected countUsers(body: unknown): number | undefined {
		const userIds = (body as { userIds?: unknown } | undefined)?.userIds;
		if (Array.isArray(userIds)) return userIds.length;
		const data = (body as { data?: unknown } | undefined)?.data;
		return Array.isArray(data) ? data.length : undefined;
	}

	protected route({ req, entry, raw, body }: Incoming<WalkMeRequestKind>, respond: Reply): void {
		if (entry.kind === 'token') return this.token(req, raw, respond);
		const scopes = this.tokenScopes(req);
		if (!scopes) return respond(401, { message: 'Unauthorized: a valid Bearer token is required' });
		const scopeOf: Record<string, string> = {
			notifications: 'notifications:write',
			userData: 'endUserUpdate:write',
			activity: 'activityLog:read',
			segments: entry.method === 'GET' ? 'segments:read' : 'segments:write',
		};
		const needed = scopeOf[entry.kind];
		if (!scopes.includes(needed))
			return respond(403, { message: `Forbidden: this API key lacks the ${needed} scope` });
		if (entry.kind === 'notifications') return this.notificationsApi(entry.method, body, respond);
		if (entry.kind === 'userData') return this.userDataApi(entry.method, body, respond);
		if (entry.kind === 'activity') return this.activityLogApi(entry.method, req.url ?? '', respond);
		const [, systemGuid, segmentGuid] = SEGMENT_PATH.exec(entry.path) as RegExpExecArray;
		this.segmentsApi(
			entry.method,
			decodeURIComponent(systemGuid),
			segmentGuid && decodeURIComponent(segmentGuid),
			body,
			respond,
		);
	}

	private tokenScopes(req: http.IncomingMessage): string[] | undefined {
		const token = bearerToken(req);
		return token ? this.tokens.get(token)?.scopes : undefined;
	}

	private token(req: http.IncomingMessage, raw: string, reply: Reply): void {
		if (req.method !== 'POST')
			return reply(405, { error: 'invalid_request', error_description: 'POST only' });
		if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
			return reply(400, {
				error: 'invalid_request',
				error_description: 'Content-Type must be application/x-www-form-urlencoded',
			});
		}
		if (new URLSearchParams(raw).get('grant_type') !== 'client_credentials') {
			return reply(400, {
				error: 'unsupported_grant_type',
				error_description: 'grant_type must be client_credentials',
			});
		}
		const [clientId, secret] = basicPair(req);
		const key = clientId ? this.apiKeys.get(clientId) : undefined;
		if (!key || key.secret !== secret) {
			return reply(401, {
				error: 'invalid_client',
				error_description: 'Client authentication failed',
			});
		}
		const accessToken = randomBytes(24).toString('base64url');
		this.tokens.set(accessToken, { clientId, scopes: key.scopes });
		reply(200, {
			access_token: accessToken,
			expires_in: 86400,
			token_type: 'Bearer',
			scope: key.scopes.join(' '),
		});
	}

	private segmentsApi(
		method: string,
		systemGuid: string,
		segmentGuid: string | undefined,
		body: unknown,
		reply: Reply,
	): void {
		if (!HYPHENATED_GUID.test(systemGuid)) {
			return reply(400, { message: `systemGuid "${systemGuid}" is not a valid GUID` });
		}
		if (segmentGuid !== undefined && !HYPHENATED_GUID.test(segmentGuid)) {
			return reply(400, {
				message: `segmentGuid "${segmentGuid}" is not a valid GUID (expected 8-4-4-4-12)`,
			});
		}
		const system = this.system(systemGuid);
		if (segmentGuid === undefined) {
			if (method === 'GET') return reply(200, [...system.values()].map(publicSegment));
			if (method !== 'POST') return reply(405, { message: `${method} is not allowed here` });
			const problem = checkUserIds(body) ?? checkCreate(body);
			if (problem) return reply(400, { message: problem });
			const { id, name, userIds } = body as { id?: string; name: string; userIds: string[] };
			const now = new Date().toISOString();
			const segment: StoredSegment = {
				guid: randomUUID(),
				id: id ?? null,
				name,
				users: new Set(userIds),
				createdAt: now,
				updatedAt: now,
			};
			system.set(segment.guid, segment);
			return reply(201, publicSegment(segment));
		}
		const segment = system.get(segmentGuid.toLowerCase());
		if (!segment) return reply(404, { message: `Segment ${segmentGuid} not found` });
		if (method === 'DELETE') {
			system.delete(segment.guid);
			return reply(204);
		}
		if (method !== 'PUT') return reply(405, { message: `${method} is not allowed here` });
		const problem = checkUserIds(body);
		if (problem) return reply(400, { message: problem });
		const { action, userIds } = body as { action: unknown; userIds: string[] };
		if (action === 'add') for (const id of userIds) segment.users.add(id);
		else if (action === 'remove') for (const id of userIds) segment.users.delete(id);
		else if (action === 'override') segment.users = new Set(userIds);
		else
			return reply(400, {
				message: `action must be one of "add", "remove", "override"; got ${JSON.stringify(action)}`,
			});
		segment.updatedAt = new Date().toISOString();
		return reply(200, publicSegment(segment));
	}

	/** POST /public/v1/notifications/send, as strict as WalkMe's document. */
	private notificationsApi(method: string, body: unknown, reply: Reply): void {
		if (method !== 'POST') return reply(405, { message: `${method} is not allowed here` });
		const problem = checkNotification(body);
		if (problem) return reply(400, { message: problem });
		const delivered: DeliveredNotification = {
			notification: (body as { notification: Record<string, unknown> }).notification,
			id: randomUUID(),
			at: Date.now(),
		};
		this.notifications.push(delivered);
		reply(200, { notificationId: delivered.id, status: 'sent' });
	}

	/** POST /public/v1/user/data: at most 100 entries, 100 properties per account, scalar values. */
	private userDataApi(method: string, body: unknown, reply: Reply): void {
		if (method !== 'POST') return reply(405, { message: `${method} is not allowed here` });
		const { token, data } = (body ?? {}) as { token?: unknown; data?: unknown };
		if (typeof token !== 'string' || !this.integrations.has(token))
			return reply(401, { message: 'Invalid integration token' });
		if (!Array.isArray(data) || data.length === 0)
			return reply(400, { message: 'data must be a non-empty array' });
		if (data.length > MAX_USER_DATA_ENTRIES)
			return reply(400, { message: `Maximum number of entries is ${MAX_USER_DATA_ENTRIES}` });
		const identifier = this.integrations.get(token) as string;
		const names = new Set(this.accountProperties);
		for (const [index, entry] of data.entries()) {
			if (!entry || typeof entry !== 'object' || Array.isArray(entry))
				return reply(400, { message: `data[${index}] must be an object` });
			const record = entry as Record<string, unknown>;
			if (typeof record[identifier] !== 'string' || record[identifier] === '')
				return reply(400, { message: `data[${index}].${identifier} is required` });
			for (const [name, value] of Object.entries(record)) {
				if (value !== null && typeof value === 'object')
					return reply(400, {
						message: `data[${index}].${name} must be a string, number or boolean`,
					});
				if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value))
					return reply(400, { message: `data[${index}].${name}: dates must be YYYY-MM-DD` });
				names.add(name);
			}
		}
		if (names.size > MAX_ACCOUNT_PROPERTIES)
			return reply(400, {
				message: `The account may have at most ${MAX_ACCOUNT_PROPERTIES} properties (this request would make ${names.size})`,
			});
		for (const name of names) this.accountProperties.add(name);
		for (const entry of data as Array<Record<string, unknown>>) {
			const key = entry[identifier] as string;
			this.endUsers.set(key, { ...(this.endUsers.get(key) ?? {}), ...entry });
		}
		reply(200, { message: 'Request has been received' });
	}

	/** GET /public/v1/activitylog?from&to&limit&offset: within [from, to], in `activityOrder`. */
	private activityLogApi(method: string, url: string, reply: Reply): void {
		if (method !== 'GET') return reply(405, { message: `${method} is not allowed here` });
		const query = new URL(url, 'http://emulator').searchParams;
		const now = Date.now();
		const number = (name: string, fallback: number) => {
			const text = query.get(name);
			return text === null ? fallback : /^\d+$/.test(text) ? Number(text) : Number.NaN;
		};
		const from = number('from', now - HOUR_MS);
		const to = number('to', now);
		const limit = number('limit', ACTIVITY_LOG_DEFAULT_LIMIT);
		const offset = number('offset', 0);
		for (const [name, value] of Object.entries({ from, to, limit, offset })) {
			if (Number.isNaN(value)) return reply(400, { message: `${name} must be a whole number` });
		}
		if (limit < 1 || limit > ACTIVITY_LOG_DEFAULT_LIMIT)
			return reply(400, { message: `limit must be from 1 to ${ACTIVITY_LOG_DEFAULT_LIMIT}` });
		if (from > to) return reply(400, { message: 'from must not be after to' });
		const events = this.activity
			.filter((event) => event.timestamp >= from && event.timestamp <= to)
			.sort((a, b) => b.timestamp - a.timestamp || (a.eventId < b.eventId ? 1 : -1));
		if (this.activityOrder === 'oldestFirst') events.reverse();
		reply(200, { events: events.slice(offset, offset + limit) });
	}

	protected control(method: string, path: string, raw: string, res: http.ServerResponse): void {
		if (path === '/__emulator/log' && method === 'GET') return send(res, 200, this.log);
		if (path === '/__emulator/reset' && method === 'POST') {
			this.reset();
			return send(res, 200, { ok: true });
		}
		if (path === '/__emulator/clear-log' && method === 'POST') {
			this.clearLog();
			return send(res, 200, { ok: true });
		}
		if (path === '/__emulator/fault' && method === 'POST') {
			this.injectFault(JSON.parse(raw) as Parameters<WalkMeEmulator['injectFault']>[0]);
			return send(res, 200, { ok: true });
		}
		if (path === '/__emulator/expire-tokens' && method === 'POST') {
			this.expireTokens();
			return send(res, 200, { ok: true });
		}
		const segments = /^\/__emulator\/systems\/([^/]+)\/segments$/.exec(path);
		if (segments && method === 'GET') return send(res, 200, this.segments(segments[1]));
		send(res, 404, { message: 'unknown control route' });
	}
}

function publicSegment(segment: StoredSegment) {
	return {
		guid: segment.guid,
		id: segment.id,
		name: segment.name,
		usersCount: segment.users.size,
		createdAt: segment.createdAt,
		updatedAt: segment.updatedAt,
	};
}

function checkNotification(body: unknown): string | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return 'Body must be a JSON object';
	const keys = Object.keys(body);
	if (keys.length !== 1 || keys[0] !== 'notification')
		return 'Body must be {"notification": {...}} and nothing else';
	const notification = (body as { notification: unknown }).notification;
	if (!notification || typeof notification !== 'object' || Array.isArray(notification))
		return 'notification must be an object';
	const n = notification as Record<string, unknown>;
	for (const key of Object.keys(n)) {
		if (!NOTIFICATION_KEYS.includes(key)) return `Unknown field notification.${key}`;
		const value = n[key];
		if (value === '' || value === null || (Array.isArray(value) && value.length === 0)) {
			return `notification.${key} is empty: remove the fields you do not use`;
		}
	}
	if (
		n.systemId !== undefined &&
		(typeof n.systemId !== 'string' ||
			!(COMPACT_GUID.test(n.systemId) || HYPHENATED_GUID.test(n.systemId)))
	) {
		return `systemId ${JSON.stringify(n.systemId)} is not a system ID`;
	}
	if (typeof n.templateId !== 'string' || !HYPHENATED_GUID.test(n.templateId))
		return `templateId ${JSON.stringify(n.templateId)} is not a GUID`;
	if (n.endUsersIds === undefined && n.audiencesIds === undefined)
		return 'Either endUsersIds or audiencesIds is required';
	if (n.endUsersIds !== undefined) {
		if (
			!Array.isArray(n.endUsersIds) ||
			!n.endUsersIds.every((id) => typeof id === 'string' && id.trim() !== '')
		) {
			return 'endUsersIds must be a list of end-user IDs';
		}
	}
	if (n.audiencesIds !== undefined) {
		if (
			!Array.isArray(n.audiencesIds) ||
			!n.audiencesIds.every((id) => typeof id === 'string' && HYPHENATED_GUID.test(id))
		) {
			return 'audiencesIds must be a list of audience GUIDs';
		}
	}
	if (
		n.notificationType !== undefined &&
		!['push', 'popup'].includes(String(n.notificationType).toLowerCase())
	) {
		return `notificationType must be push or popup, got ${JSON.stringify(n.notificationType)}`;
	}
	for (const key of ['title', 'runtimeTitle', 'runtimeDescription']) {
		if (n[key] !== undefined && typeof n[key] !== 'string') return `${key} must be a string`;
	}
	const dates: Record<string, number> = {};
	for (const key of ['startAt', 'endAt']) {
		if (n[key] === undefined) continue;
		const match = typeof n[key] === 'string' ? NOTIFICATION_DATE.exec(n[key] as string) : null;
		const at = match
			? Date.UTC(+match[1], +match[2] - 1, +match[3], +(match[4] ?? 0), +(match[5] ?? 0))
			: NaN;
		if (
			!match ||
			Number.isNaN(at) ||
			new Date(at).getUTCDate() !== +match[3] ||
			+(match[4] ?? 0) > 23 ||
			+(match[5] ?? 0) > 59
		) {
			return `${key} must be "YYYY-MM-DD hh:mm" (UTC), got ${JSON.stringify(n[key])}`;
		}
		dates[key] = at;
	}
	if (dates.startAt !== undefined && dates.endAt !== undefined && dates.endAt <= dates.startAt)
		return 'endAt must be after startAt';
	if (n.override !== undefined) {
		if (!Array.isArray(n.override)) return 'override must be a list of {"key": ..., "value": ...}';
		for (const entry of n.override) {
			const { key, value } = (entry ?? {}) as { key?: unknown; value?: unknown };
			if (
				typeof key !== 'string' ||
				key === '' ||
				typeof value !== 'string' ||
				Object.keys(entry as object).length !== 2
			) {
				return `Each override must be {"key": "<text>", "value": "<text>"}, got ${JSON.stringify(entry)}`;
			}
		}
	}
	return undefined;
}

function checkUserIds(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return 'Body must be a JSON object';
	const { userIds } = body as { userIds?: unknown };
	if (!Array.isArray(userIds)) return 'userIds must be a list of user ids';
	if (userIds.length > MAX_USERS_PER_REQUEST) {
		return `userIds holds ${userIds.length} users; up to ${MAX_USERS_PER_REQUEST} are allowed per request`;
	}
	for (const id of userIds) {
		if (typeof id !== 'string') return `userIds must hold strings, found ${JSON.stringify(id)}`;
		if (id.length > MAX_USER_ID_LENGTH)
			return `user id "${id}" is longer than ${MAX_USER_ID_LENGTH} characters`;
	}
	return undefined;
}

function checkCreate(body: unknown): string | undefined {
	const { name, id } = body as { name?: unknown; id?: unknown };
	if (typeof name !== 'string' || name.trim() === '') return 'name is required';
	if (id !== undefined && typeof id !== 'string') return 'id must be a string';
	return undefined;
}

/** The client ID and secret of a token request's Basic authorization, or empty strings. */
function basicPair(req: http.IncomingMessage): [string, string] {
	const basic = /^Basic (\S+)$/.exec(req.headers.authorization ?? '');
	const decoded = basic ? Buffer.from(basic[1], 'base64').toString('utf8') : '';
	const separator = decoded.indexOf(':');
	return separator > 0 ? [decoded.slice(0, separator), decoded.slice(separator + 1)] : ['', ''];
}
