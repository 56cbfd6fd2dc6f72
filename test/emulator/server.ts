/**
 * A loopback stand-in for WalkMe's public API (and, later, OpenDialog's), implementing the documented
 * endpoints as strictly as the seeds describe them. Tests talk to it over real HTTP; it keeps state
 * in memory, logs every request, and injects faults on demand.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const DEFAULT_CLIENT_ID = 'emulator-client-id';
export const DEFAULT_CLIENT_SECRET = 'emulator-client-secret';
/** What a WalkMe API key may do, as the token answer's `scope` lists it. */
export const ALL_SCOPES = ['segments:read', 'segments:write', 'notifications:write'];
const NOTIFICATIONS_PATH = '/public/v1/notifications/send';
const COMPACT_GUID = /^[0-9a-f]{32}$/i;
const NOTIFICATION_DATE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/;
const NOTIFICATION_KEYS = ['systemId', 'templateId', 'endUsersIds', 'audiencesIds', 'notificationType', 'title', 'runtimeTitle', 'runtimeDescription', 'startAt', 'endAt', 'override'];
export const MAX_USERS_PER_REQUEST = 25000;
export const MAX_USER_ID_LENGTH = 100;
const HYPHENATED_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEGMENT_PATH = /^\/public\/v1\/user\/system\/([^/]+)\/segment(?:\/([^/]+))?\/?$/;

export interface LoggedRequest {
	method: string;
	path: string;
	kind: 'token' | 'segments' | 'notifications' | 'unknown';
	authorization?: string;
	contentType?: string;
	body: unknown;
	/** userIds count in the body, when the body has a userIds list. */
	userCount?: number;
	status: number;
	at: number;
}

export interface Fault {
	/** Which requests it hits: method and a substring of the path (both optional). */
	method?: string;
	pathIncludes?: string;
	/** Skip this many matching requests before the fault starts. */
	after?: number;
	/** How many matching requests it answers; then it is gone. */
	times?: number;
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	/** Answer this late (ms); with no status the real answer follows the delay. */
	delayMs?: number;
	/** Make every issued token invalid before this request is handled (a 401 follows). */
	expireTokens?: boolean;
	/** Handle the request as usual (so a notification is delivered), then answer with the fault's status. */
	afterHandling?: boolean;
	/** Close the connection without an answer: before handling, or after it with afterHandling. */
	reset?: boolean;
	/** Answer this text as it is (an HTML page, truncated JSON…) instead of `body` as JSON. */
	rawBody?: string;
	/** The Content-Type of rawBody; application/json by default. */
	contentType?: string;
}

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

export class WalkMeEmulator {
	readonly clientId: string;
	readonly clientSecret: string;
	readonly log: LoggedRequest[] = [];
	private readonly server: http.Server;
	/** Issued tokens and the scopes of the key each was issued to. */
	private readonly tokens = new Map<string, string[]>();
	private readonly apiKeys = new Map<string, ApiKey>();
	readonly notifications: DeliveredNotification[] = [];
	private readonly systems = new Map<string, Map<string, StoredSegment>>();
	private faults: Array<Fault & { seen: number; used: number }> = [];
	private readonly logBodies: boolean;
	private port: number;

	constructor(options: EmulatorOptions = {}) {
		this.clientId = options.clientId ?? DEFAULT_CLIENT_ID;
		this.clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
		this.logBodies = options.logBodies ?? true;
		this.apiKeys.set(this.clientId, { secret: this.clientSecret, scopes: ALL_SCOPES });
		this.port = options.port ?? 0;
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error: unknown) => {
				send(res, 500, { message: `emulator failure: ${String(error)}` });
			});
		});
		this.server.keepAliveTimeout = 1000;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(): Promise<this> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.port, '127.0.0.1', () => resolve());
		});
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	reset(): void {
		this.log.length = 0;
		this.tokens.clear();
		this.systems.clear();
		this.notifications.length = 0;
		this.faults = [];
	}

	/** Adds an API key that may do only what the scopes say (e.g. ['notifications:write']). */
	addApiKey(clientId: string, clientSecret: string, scopes: string[]): void {
		this.apiKeys.set(clientId, { secret: clientSecret, scopes });
	}

	clearLog(): void {
		this.log.length = 0;
	}

	injectFault(fault: Fault): void {
		this.faults.push({ ...fault, seen: 0, used: 0 });
	}

	expireTokens(): void {
		this.tokens.clear();
	}

	/** The data of a WalkMe credential (region Custom) that points at this emulator. */
	credentialData(): { region: string; baseUrl: string; clientId: string; clientSecret: string; accessToken: string } {
		return { region: 'custom', baseUrl: this.baseUrl, clientId: this.clientId, clientSecret: this.clientSecret, accessToken: '' };
	}

	requests(kind?: LoggedRequest['kind']): LoggedRequest[] {
		return kind ? this.log.filter((entry) => entry.kind === kind) : [...this.log];
	}

	segments(systemGuid: string): Array<{ guid: string; id: string | null; name: string; users: string[] }> {
		const system = this.systems.get(systemGuid.toLowerCase());
		if (!system) return [];
		return [...system.values()].map((s) => ({ guid: s.guid, id: s.id, name: s.name, users: [...s.users] }));
	}

	/** Seeds a segment directly, as if it had been made earlier. */
	addSegment(systemGuid: string, name: string, users: string[] = [], id: string | null = null): string {
		const guid = randomUUID();
		const now = new Date().toISOString();
		this.system(systemGuid).set(guid, { guid, id, name, users: new Set(users), createdAt: now, updatedAt: now });
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

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const raw = await readBody(req);
		if (url.pathname.startsWith('/__emulator/')) {
			this.control(req.method ?? 'GET', url.pathname, raw, res);
			return;
		}
		const contentType = req.headers['content-type'];
		const entry: LoggedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			kind:
				url.pathname === '/accounts/connect/token'
					? 'token'
					: SEGMENT_PATH.test(url.pathname)
						? 'segments'
						: url.pathname === NOTIFICATIONS_PATH
							? 'notifications'
							: 'unknown',
			authorization: req.headers.authorization,
			contentType,
			body: undefined,
			status: 0,
			at: Date.now(),
		};
		const parsed = parseBody(raw, contentType);
		if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { userIds?: unknown }).userIds)) {
			entry.userCount = (parsed as { userIds: unknown[] }).userIds.length;
		}
		entry.body = this.logBodies ? parsed : undefined;
		this.log.push(entry);
		const reply = (status: number, body?: unknown, headers?: Record<string, string>) => {
			entry.status = status;
			send(res, status, body, headers);
		};

		const fault = this.takeFault(entry.method, entry.path);
		if (fault?.expireTokens) this.tokens.clear();
		if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
		const faultReply = () => {
			if (fault?.reset) {
				entry.status = -1;
				res.socket?.destroy();
				return;
			}
			if (fault?.rawBody !== undefined) {
				entry.status = fault.status as number;
				res.writeHead(fault.status as number, { 'Content-Type': fault.contentType ?? 'application/json', ...(fault.headers ?? {}) });
				res.end(fault.rawBody);
				return;
			}
			reply(fault?.status as number, fault?.body ?? { message: `injected fault ${fault?.status}` }, fault?.headers);
		};
		if (fault && (fault.status || fault.reset) && !fault.afterHandling) return faultReply();
		const respond: Reply = fault?.afterHandling ? () => faultReply() : reply;

		if (entry.kind === 'token') return this.token(req, raw, respond);
		if (entry.kind === 'segments' || entry.kind === 'notifications') {
			const scopes = this.tokenScopes(req);
			if (!scopes) return respond(401, { message: 'Unauthorized: a valid Bearer token is required' });
			const needed = entry.kind === 'notifications' ? 'notifications:write' : entry.method === 'GET' ? 'segments:read' : 'segments:write';
			if (!scopes.includes(needed)) return respond(403, { message: `Forbidden: this API key lacks the ${needed} scope` });
			if (entry.kind === 'notifications') return this.notificationsApi(entry.method, parsed, respond);
			const [, systemGuid, segmentGuid] = SEGMENT_PATH.exec(entry.path) as RegExpExecArray;
			this.segmentsApi(entry.method, decodeURIComponent(systemGuid), segmentGuid && decodeURIComponent(segmentGuid), parsed, respond);
			return;
		}
		respond(404, { message: `No route for ${entry.method} ${entry.path}` });
	}

	private takeFault(method: string, path: string): Fault | undefined {
		for (const fault of this.faults) {
			if (fault.method && fault.method.toUpperCase() !== method) continue;
			if (fault.pathIncludes && !path.includes(fault.pathIncludes)) continue;
			fault.seen++;
			if (fault.seen <= (fault.after ?? 0)) continue;
			fault.used++;
			if (fault.used >= (fault.times ?? 1)) this.faults = this.faults.filter((f) => f !== fault);
			return fault;
		}
		return undefined;
	}

	private tokenScopes(req: http.IncomingMessage): string[] | undefined {
		const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
		return match ? this.tokens.get(match[1]) : undefined;
	}

	private token(req: http.IncomingMessage, raw: string, reply: Reply): void {
		if (req.method !== 'POST') return reply(405, { error: 'invalid_request', error_description: 'POST only' });
		if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
			return reply(400, { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' });
		}
		if (new URLSearchParams(raw).get('grant_type') !== 'client_credentials') {
			return reply(400, { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' });
		}
		const basic = /^Basic (\S+)$/.exec(req.headers.authorization ?? '');
		const decoded = basic ? Buffer.from(basic[1], 'base64').toString('utf8') : '';
		const separator = decoded.indexOf(':');
		const key = separator > 0 ? this.apiKeys.get(decoded.slice(0, separator)) : undefined;
		if (!key || key.secret !== decoded.slice(separator + 1)) {
			return reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
		}
		const accessToken = randomBytes(24).toString('base64url');
		this.tokens.set(accessToken, key.scopes);
		reply(200, { access_token: accessToken, expires_in: 86400, token_type: 'Bearer', scope: key.scopes.join(' ') });
	}

	private segmentsApi(method: string, systemGuid: string, segmentGuid: string | undefined, body: unknown, reply: Reply): void {
		if (!HYPHENATED_GUID.test(systemGuid)) {
			return reply(400, { message: `systemGuid "${systemGuid}" is not a valid GUID` });
		}
		if (segmentGuid !== undefined && !HYPHENATED_GUID.test(segmentGuid)) {
			return reply(400, { message: `segmentGuid "${segmentGuid}" is not a valid GUID (expected 8-4-4-4-12)` });
		}
		const system = this.system(systemGuid);
		if (segmentGuid === undefined) {
			if (method === 'GET') return reply(200, [...system.values()].map(publicSegment));
			if (method !== 'POST') return reply(405, { message: `${method} is not allowed here` });
			const problem = checkUserIds(body) ?? checkCreate(body);
			if (problem) return reply(400, { message: problem });
			const { id, name, userIds } = body as { id?: string; name: string; userIds: string[] };
			const now = new Date().toISOString();
			const segment: StoredSegment = { guid: randomUUID(), id: id ?? null, name, users: new Set(userIds), createdAt: now, updatedAt: now };
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
		else return reply(400, { message: `action must be one of "add", "remove", "override"; got ${JSON.stringify(action)}` });
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

	private control(method: string, path: string, raw: string, res: http.ServerResponse): void {
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
			this.injectFault(JSON.parse(raw) as Fault);
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

type Reply = (status: number, body?: unknown, headers?: Record<string, string>) => void;

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
	if (keys.length !== 1 || keys[0] !== 'notification') return 'Body must be {"notification": {...}} and nothing else';
	const notification = (body as { notification: unknown }).notification;
	if (!notification || typeof notification !== 'object' || Array.isArray(notification)) return 'notification must be an object';
	const n = notification as Record<string, unknown>;
	for (const key of Object.keys(n)) {
		if (!NOTIFICATION_KEYS.includes(key)) return `Unknown field notification.${key}`;
		const value = n[key];
		if (value === '' || value === null || (Array.isArray(value) && value.length === 0)) {
			return `notification.${key} is empty: remove the fields you do not use`;
		}
	}
	if (n.systemId !== undefined && (typeof n.systemId !== 'string' || !(COMPACT_GUID.test(n.systemId) || HYPHENATED_GUID.test(n.systemId)))) {
		return `systemId ${JSON.stringify(n.systemId)} is not a system ID`;
	}
	if (typeof n.templateId !== 'string' || !HYPHENATED_GUID.test(n.templateId)) return `templateId ${JSON.stringify(n.templateId)} is not a GUID`;
	if (n.endUsersIds === undefined && n.audiencesIds === undefined) return 'Either endUsersIds or audiencesIds is required';
	if (n.endUsersIds !== undefined) {
		if (!Array.isArray(n.endUsersIds) || !n.endUsersIds.every((id) => typeof id === 'string' && id.trim() !== '')) {
			return 'endUsersIds must be a list of end-user IDs';
		}
	}
	if (n.audiencesIds !== undefined) {
		if (!Array.isArray(n.audiencesIds) || !n.audiencesIds.every((id) => typeof id === 'string' && HYPHENATED_GUID.test(id))) {
			return 'audiencesIds must be a list of audience GUIDs';
		}
	}
	if (n.notificationType !== undefined && !['push', 'popup'].includes(String(n.notificationType).toLowerCase())) {
		return `notificationType must be push or popup, got ${JSON.stringify(n.notificationType)}`;
	}
	for (const key of ['title', 'runtimeTitle', 'runtimeDescription']) {
		if (n[key] !== undefined && typeof n[key] !== 'string') return `${key} must be a string`;
	}
	const dates: Record<string, number> = {};
	for (const key of ['startAt', 'endAt']) {
		if (n[key] === undefined) continue;
		const match = typeof n[key] === 'string' ? NOTIFICATION_DATE.exec(n[key] as string) : null;
		const at = match ? Date.UTC(+match[1], +match[2] - 1, +match[3], +(match[4] ?? 0), +(match[5] ?? 0)) : NaN;
		if (!match || Number.isNaN(at) || new Date(at).getUTCDate() !== +match[3] || +(match[4] ?? 0) > 23 || +(match[5] ?? 0) > 59) {
			return `${key} must be "YYYY-MM-DD hh:mm" (UTC), got ${JSON.stringify(n[key])}`;
		}
		dates[key] = at;
	}
	if (dates.startAt !== undefined && dates.endAt !== undefined && dates.endAt <= dates.startAt) return 'endAt must be after startAt';
	if (n.override !== undefined) {
		if (!Array.isArray(n.override)) return 'override must be a list of {"key": ..., "value": ...}';
		for (const entry of n.override) {
			const { key, value } = (entry ?? {}) as { key?: unknown; value?: unknown };
			if (typeof key !== 'string' || key === '' || typeof value !== 'string' || Object.keys(entry as object).length !== 2) {
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
		if (id.length > MAX_USER_ID_LENGTH) return `user id "${id}" is longer than ${MAX_USER_ID_LENGTH} characters`;
	}
	return undefined;
}

function checkCreate(body: unknown): string | undefined {
	const { name, id } = body as { name?: unknown; id?: unknown };
	if (typeof name !== 'string' || name.trim() === '') return 'name is required';
	if (id !== undefined && typeof id !== 'string') return 'id must be a string';
	return undefined;
}

function parseBody(raw: string, contentType: string | undefined): unknown {
	if (raw === '') return undefined;
	if ((contentType ?? '').includes('json')) {
		try {
			return JSON.parse(raw);
		} catch {
			return raw;
		}
	}
	return raw;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function send(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
	if (res.headersSent) return;
	if (body === undefined || status === 204) {
		res.writeHead(status, headers);
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
	res.end(text);
}
