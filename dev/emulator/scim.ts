/**
 * A loopback stand-in for WalkMe's SCIM 2.0 service provider (Users, Groups, ServiceProviderConfig),
 * as strict as RFC 7643 and RFC 7644 read: Basic or Bearer authentication, SCIM's content type,
 * filters of `eq` joined by `and`, 1-based paging capped at the provider's maximum, 409 `uniqueness`
 * for a userName taken, 404 for an unknown id, PATCH operations add, replace and remove, and SCIM's
 * error body. WalkMe's own attributes (accessRole, allowedSystems) behave as WalkMe documents them.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';

import type { Incoming, Reply } from './loopback';
import { LoopbackApi, bearerToken } from './loopback';

export const SCIM_BASE_PATH = '/deepui/api/scim/v2';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SCIM_JSON = 'application/scim+json';
/** The role WalkMe gives a user whose replace (PUT) names none. */
export const DEFAULT_ROLE = 'default';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ScimUser {
	id: string;
	userName: string;
	name: { givenName: string; familyName: string };
	externalId?: string;
	active: boolean;
	accessRole: string;
	allowedSystems: string[];
	meta: {
		resourceType: 'User';
		created: string;
		lastModified: string;
		lastLogin: string | null;
		location: string;
	};
}

export interface ScimGroup {
	id: string;
	displayName: string;
	members: Array<{ value: string; display: string }>;
}

type Kind = 'users' | 'groups' | 'config';

export class ScimEmulator extends LoopbackApi<Kind> {
	readonly username = 'scim-emulator-user';
	readonly password = 'scim-emulator-password';
	readonly token = 'scim-emulator-bearer-token';
	/** The most resources one list answer holds (ServiceProviderConfig's filter.maxResults). */
	maxResults = 100;
	readonly users = new Map<string, ScimUser>();
	readonly groups = new Map<string, ScimGroup>();

	reset(): void {
		this.clearLog();
		this.clearFaults();
		this.users.clear();
		this.groups.clear();
		this.maxResults = 100;
		this.setLatency(0);
	}

	get scimBaseUrl(): string {
		return `${this.baseUrl}${SCIM_BASE_PATH}`;
	}

	/** The data of a WalkMe SCIM API credential that points at this emulator. */
	credentialData(authentication: 'basic' | 'bearer' = 'basic'): Record<string, string> {
		return authentication === 'basic'
			? {
					baseUrl: this.scimBaseUrl,
					authentication,
					username: this.username,
					password: this.password,
				}
			: { baseUrl: this.scimBaseUrl, authentication, token: this.token };
	}

	/** A user as WalkMe holds it, for a test to start from. */
	addUser(fields: {
		userName: string;
		givenName?: string;
		familyName?: string;
		externalId?: string;
		active?: boolean;
		accessRole?: string;
		allowedSystems?: string[];
	}): ScimUser {
		const now = new Date().toISOString();
		const id = randomUUID();
		const user: ScimUser = {
			id,
			userName: fields.userName,
			name: { givenName: fields.givenName ?? 'Given', familyName: fields.familyName ?? 'Family' },
			...(fields.externalId ? { externalId: fields.externalId } : {}),
			active: fields.active ?? true,
			accessRole: fields.accessRole ?? DEFAULT_ROLE,
			allowedSystems: fields.allowedSystems ?? [],
			meta: {
				resourceType: 'User',
				created: now,
				lastModified: now,
				lastLogin: null,
				location: `${this.scimBaseUrl}/Users/${id}`,
			},
		};
		this.users.set(id, user);
		return user;
	}

	addGroup(displayName: string, memberIds: string[] = []): ScimGroup {
		const group: ScimGroup = {
			id: randomUUID(),
			displayName,
			members: memberIds.map((value) => ({
				value,
				display: this.users.get(value)?.userName ?? '',
			})),
		};
		this.groups.set(group.id, group);
		return group;
	}

	findUser(userName: string): ScimUser | undefined {
		return [...this.users.values()].find(
			(user) => user.userName.toLowerCase() === userName.toLowerCase(),
		);
	}

	protected classify(path: string): Kind | 'unknown' {
		if (!path.startsWith(`${SCIM_BASE_PATH}/`)) return 'unknown';
		const below = path.slice(SCIM_BASE_PATH.length);
		if (/^\/Users(\/[^/]+)?$/.test(below)) return 'users';
		if (/^\/Groups(\/[^/]+)?$/.test(below)) return 'groups';
		if (/^\/(ServiceProviderConfig|Schemas|ResourceTypes)$/.test(below)) return 'config';
		return 'unknown';
	}

	protected route({ req, entry, body }: Incoming<Kind>, reply: Reply): void {
		const answer = (status: number, json?: unknown, headers: Record<string, string> = {}) =>
			reply(status, json, json === undefined ? headers : { 'Content-Type': SCIM_JSON, ...headers });
		const fail = (status: number, detail: string, scimType?: string) =>
			answer(status, {
				schemas: [ERROR_SCHEMA],
				status: String(status),
				...(scimType ? { scimType } : {}),
				detail,
			});
		if (!this.authorised(req)) return fail(401, 'Authentication failed');
		if (['POST', 'PUT', 'PATCH'].includes(entry.method)) {
			const type = (entry.contentType ?? '').split(';')[0].trim();
			if (type !== SCIM_JSON && type !== 'application/json')
				return fail(415, `Unsupported content type ${type || '(none)'}`);
			if (!body || typeof body !== 'object' || Array.isArray(body))
				return fail(400, 'The request body is not a JSON object', 'invalidSyntax');
		}
		const below = entry.path.slice(SCIM_BASE_PATH.length);
		const id = below.split('/')[2] ? decodeURIComponent(below.split('/')[2]) : undefined;
		const query = new URLSearchParams(entry.query);
		try {
			if (entry.kind === 'config') return answer(200, this.config(below));
			if (entry.kind === 'users') {
				if (id === undefined && entry.method === 'GET')
					return answer(200, this.list([...this.users.values()], query, USER_SCHEMA));
				if (id === undefined && entry.method === 'POST') {
					const user = this.create(body as Record<string, unknown>);
					return answer(201, user, { Location: user.meta.location });
				}
				if (id === undefined) return fail(405, `${entry.method} is not supported on /Users`);
				const user = this.users.get(id);
				if (!user) return fail(404, `Resource ${id} not found`);
				if (entry.method === 'GET') return answer(200, present(user));
				if (entry.method === 'DELETE') {
					this.users.delete(id);
					for (const group of this.groups.values())
						group.members = group.members.filter((member) => member.value !== id);
					return answer(204);
				}
				if (entry.method === 'PUT')
					return answer(200, this.replace(user, body as Record<string, unknown>));
				if (entry.method === 'PATCH')
					return answer(200, this.patchUser(user, body as Record<string, unknown>));
				return fail(405, `${entry.method} is not supported on /Users/{id}`);
			}
			if (id === undefined && entry.method === 'GET')
				return answer(200, this.list([...this.groups.values()], query, GROUP_SCHEMA));
			if (id === undefined && entry.method === 'POST') {
				const group = this.createGroup(body as Record<string, unknown>);
				return answer(201, this.presentGroup(group), {
					Location: `${this.scimBaseUrl}/Groups/${group.id}`,
				});
			}
			if (id === undefined) return fail(405, `${entry.method} is not supported on /Groups`);
			const group = this.groups.get(id);
			if (!group) return fail(404, `Resource ${id} not found`);
			if (entry.method === 'GET') return answer(200, this.presentGroup(group));
			if (entry.method === 'PATCH')
				return answer(200, this.patchGroup(group, body as Record<string, unknown>));
			if (entry.method === 'DELETE') {
				this.groups.delete(id);
				return answer(204);
			}
			return fail(405, `${entry.method} is not supported on /Groups/{id}`);
		} catch (error) {
			if (error instanceof ScimFailure) return fail(error.status, error.message, error.scimType);
			throw error;
		}
	}

	private authorised(req: http.IncomingMessage): boolean {
		const header = req.headers.authorization ?? '';
		if (header.startsWith('Bearer ')) return bearerToken(req) === this.token;
		const basic = /^Basic (\S+)$/.exec(header)?.[1];
		return (
			basic !== undefined &&
			Buffer.from(basic, 'base64').toString('utf8') === `${this.username}:${this.password}`
		);
	}

	private config(below: string): unknown {
		if (below === '/ServiceProviderConfig') {
			return {
				schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
				patch: { supported: true },
				bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
				filter: { supported: true, maxResults: this.maxResults },
				changePassword: { supported: false },
				sort: { supported: false },
				etag: { supported: false },
				authenticationSchemes: [
					{ type: 'httpbasic', name: 'HTTP Basic', description: 'Basic credentials' },
					{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token' },
				],
			};
		}
		return { schemas: [LIST_SCHEMA], totalResults: 0, Resources: [] };
	}

	/** RFC 7644 §3.4.2: filter, then 1-based startIndex and count, capped at maxResults. */
	private list<T extends ScimUser | ScimGroup>(
		all: T[],
		query: URLSearchParams,
		schema: string,
	): unknown {
		const filter = query.get('filter');
		const matching = filter === null ? all : all.filter(compileFilter(filter, schema));
		const startIndex = Math.max(1, readWhole(query.get('startIndex'), 'startIndex') ?? 1);
		const count = Math.min(
			this.maxResults,
			Math.max(0, readWhole(query.get('count'), 'count') ?? this.maxResults),
		);
		const page = matching.slice(startIndex - 1, startIndex - 1 + count);
		return {
			schemas: [LIST_SCHEMA],
			totalResults: matching.length,
			itemsPerPage: page.length,
			startIndex,
			Resources: page.map((resource) =>
				'userName' in resource ? present(resource) : this.presentGroup(resource),
			),
		};
	}

	private create(body: Record<string, unknown>): ScimUser {
		requireSchema(body, USER_SCHEMA);
		const fields = readUserFields(body, true);
		if (this.findUser(fields.userName as string))
			throw new ScimFailure(409, `User ${String(fields.userName)} already exists`, 'uniqueness');
		return this.addUser({
			userName: fields.userName as string,
			givenName: fields.givenName,
			familyName: fields.familyName,
			externalId: fields.externalId,
			active: fields.active,
			accessRole: fields.accessRole,
			allowedSystems: fields.allowedSystems,
		});
	}

	/** PUT: what is given replaces; an absent accessRole resets the role, an absent allowedSystems stays. */
	private replace(user: ScimUser, body: Record<string, unknown>): unknown {
		requireSchema(body, USER_SCHEMA);
		const fields = readUserFields(body, true);
		this.checkUnique(user, fields.userName);
		user.userName = fields.userName as string;
		user.name = { givenName: fields.givenName as string, familyName: fields.familyName as string };
		if (fields.externalId === undefined) delete user.externalId;
		else user.externalId = fields.externalId;
		user.active = fields.active ?? true;
		user.accessRole = fields.accessRole ?? DEFAULT_ROLE;
		if (fields.allowedSystems !== undefined) user.allowedSystems = fields.allowedSystems;
		user.meta.lastModified = new Date().toISOString();
		return present(user);
	}

	private patchUser(user: ScimUser, body: Record<string, unknown>): unknown {
		const operations = readPatch(body);
		const next: ScimUser = JSON.parse(JSON.stringify(user)) as ScimUser;
		for (const { op, path, value } of operations) {
			if (path === undefined) {
				if (op === 'remove') throw new ScimFailure(400, 'remove needs a path', 'noTarget');
				if (!value || typeof value !== 'object' || Array.isArray(value))
					throw new ScimFailure(400, 'A patch without a path needs an object', 'invalidValue');
				for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
					if (name === 'name' && inner && typeof inner === 'object') {
						for (const [part, text] of Object.entries(inner as Record<string, unknown>))
							setUserAttribute(next, `name.${part}`, text);
					} else setUserAttribute(next, name, inner);
				}
				continue;
			}
			if (op === 'remove') removeUserAttribute(next, path);
			else setUserAttribute(next, path, value);
		}
		this.checkUnique(user, next.userName);
		Object.assign(user, next, { meta: { ...next.meta, lastModified: new Date().toISOString() } });
		return present(user);
	}

	/** POST /Groups: a displayName no other group has (409 uniqueness), and members that exist. */
	private createGroup(body: Record<string, unknown>): ScimGroup {
		requireSchema(body, GROUP_SCHEMA);
		const displayName = this.uniqueDisplayName(body.displayName, undefined);
		const group: ScimGroup = { id: randomUUID(), displayName, members: [] };
		group.members = this.membersToAdd([], body.members ?? []);
		this.groups.set(group.id, group);
		return group;
	}

	private uniqueDisplayName(value: unknown, groupId: string | undefined): string {
		if (typeof value !== 'string' || value.trim() === '')
			throw new ScimFailure(400, 'displayName must be non-empty text', 'invalidValue');
		const taken = [...this.groups.values()].some(
			(group) => group.displayName.toLowerCase() === value.toLowerCase() && group.id !== groupId,
		);
		if (taken) throw new ScimFailure(409, `Group ${value} already exists`, 'uniqueness');
		return value;
	}

	/** The members after adding `value` (a list of {value: user id}); an unknown user is refused. */
	private membersToAdd(members: ScimGroup['members'], value: unknown): ScimGroup['members'] {
		if (!Array.isArray(value)) throw new ScimFailure(400, 'members must be a list', 'invalidValue');
		const next = [...members];
		for (const member of value as Array<{ value?: unknown }>) {
			const user = typeof member?.value === 'string' ? this.users.get(member.value) : undefined;
			if (!user)
				throw new ScimFailure(
					400,
					`No user ${JSON.stringify(member?.value)} to add to the group`,
					'invalidValue',
				);
			if (!next.some((existing) => existing.value === user.id))
				next.push({ value: user.id, display: user.userName });
		}
		return next;
	}

	/**
	 * PATCH of a group, all or nothing (RFC 7644 §3.5.2): members added, replaced, or removed by a
	 * `members[value eq "…"]` filter, which must match a member (else 400 noTarget, §3.5.2.2); the
	 * displayName replaced.
	 */
	private patchGroup(group: ScimGroup, body: Record<string, unknown>): unknown {
		const operations = readPatch(body);
		let members = [...group.members];
		let displayName = group.displayName;
		for (const { op, path, value } of operations) {
			const filtered = /^members\[value eq "([^"]+)"\]$/.exec(path ?? '');
			if (op === 'remove' && filtered) {
				const index = members.findIndex((member) => member.value === filtered[1]);
				if (index < 0) throw new ScimFailure(400, `No member matches ${String(path)}`, 'noTarget');
				members.splice(index, 1);
				continue;
			}
			if (path === 'displayName' && op === 'replace') {
				displayName = this.uniqueDisplayName(value, group.id);
				continue;
			}
			if (path !== 'members')
				throw new ScimFailure(400, `Unsupported path ${String(path)}`, 'invalidPath');
			if (op === 'remove') {
				members = [];
				continue;
			}
			members = this.membersToAdd(op === 'replace' ? [] : members, value);
		}
		Object.assign(group, { members, displayName });
		return this.presentGroup(group);
	}

	private checkUnique(user: ScimUser, userName: unknown): void {
		const holder = typeof userName === 'string' ? this.findUser(userName) : undefined;
		if (holder && holder.id !== user.id)
			throw new ScimFailure(409, `User ${String(userName)} already exists`, 'uniqueness');
	}

	private presentGroup(group: ScimGroup): unknown {
		return {
			schemas: [GROUP_SCHEMA],
			id: group.id,
			displayName: group.displayName,
			members: group.members.map((member) => ({
				...member,
				$ref: `${this.scimBaseUrl}/Users/${member.value}`,
			})),
			meta: { resourceType: 'Group', location: `${this.scimBaseUrl}/Groups/${group.id}` },
		};
	}
}

class ScimFailure extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly scimType?: string,
	) {
		super(message);
	}
}

function present(user: ScimUser): unknown {
	return { schemas: [USER_SCHEMA], ...JSON.parse(JSON.stringify(user)) };
}

function readWhole(value: string | null, name: string): number | undefined {
	if (value === null) return undefined;
	if (!/^-?\d+$/.test(value))
		throw new ScimFailure(400, `${name} must be an integer`, 'invalidValue');
	return Number(value);
}

function requireSchema(body: Record<string, unknown>, schema: string): void {
	if (!Array.isArray(body.schemas) || !body.schemas.includes(schema))
		throw new ScimFailure(400, `schemas must include ${schema}`, 'invalidSyntax');
}

interface UserFields {
	userName?: unknown;
	givenName?: string;
	familyName?: string;
	externalId?: string;
	active?: boolean;
	accessRole?: string;
	allowedSystems?: string[];
}

function readUserFields(body: Record<string, unknown>, whole: boolean): UserFields {
	const name = (body.name ?? {}) as Record<string, unknown>;
	const fields: UserFields = {
		userName: body.userName,
		givenName: name.givenName as string | undefined,
		familyName: name.familyName as string | undefined,
		externalId: body.externalId as string | undefined,
		active: body.active as boolean | undefined,
		accessRole: body.accessRole as string | undefined,
		allowedSystems: body.allowedSystems as string[] | undefined,
	};
	if (whole) {
		checkUserName(fields.userName);
		for (const part of ['givenName', 'familyName'] as const) {
			if (typeof fields[part] !== 'string' || fields[part].trim() === '')
				throw new ScimFailure(400, `name.${part} is required`, 'invalidValue');
		}
	}
	if (fields.active !== undefined && typeof fields.active !== 'boolean')
		throw new ScimFailure(400, 'active must be a boolean', 'invalidValue');
	if (fields.allowedSystems !== undefined) checkSystems(fields.allowedSystems);
	return fields;
}

function checkUserName(value: unknown): void {
	if (typeof value !== 'string' || !EMAIL.test(value))
		throw new ScimFailure(400, 'userName must be an e-mail address', 'invalidValue');
}

function checkSystems(value: unknown): void {
	const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
	if (
		!Array.isArray(value) ||
		!value.every((entry) => typeof entry === 'string' && guid.test(entry))
	)
		throw new ScimFailure(400, 'allowedSystems must be a list of system GUIDs', 'invalidValue');
}

const USER_PATHS = [
	'userName',
	'name.givenName',
	'name.familyName',
	'externalId',
	'active',
	'accessRole',
	'allowedSystems',
];

function setUserAttribute(user: ScimUser, path: string, value: unknown): void {
	if (!USER_PATHS.includes(path))
		throw new ScimFailure(400, `Unsupported attribute ${path}`, 'invalidPath');
	if (path === 'userName') checkUserName(value);
	if (path.startsWith('name.') || path === 'externalId' || path === 'accessRole') {
		if (typeof value !== 'string' || value.trim() === '')
			throw new ScimFailure(400, `${path} must be non-empty text`, 'invalidValue');
	}
	if (path === 'active' && typeof value !== 'boolean')
		throw new ScimFailure(400, 'active must be a boolean', 'invalidValue');
	if (path === 'allowedSystems') checkSystems(value);
	if (path.startsWith('name.')) (user.name as Record<string, unknown>)[path.slice(5)] = value;
	else (user as unknown as Record<string, unknown>)[path] = value;
}

function removeUserAttribute(user: ScimUser, path: string): void {
	if (path === 'externalId') delete user.externalId;
	else if (path === 'accessRole') user.accessRole = DEFAULT_ROLE;
	else if (path === 'allowedSystems') user.allowedSystems = [];
	else throw new ScimFailure(400, `${path} cannot be removed`, 'mutability');
}

function readPatch(body: Record<string, unknown>) {
	requireSchema(body, PATCH_SCHEMA);
	if (!Array.isArray(body.Operations) || body.Operations.length === 0)
		throw new ScimFailure(400, 'Operations must be a non-empty list', 'invalidSyntax');
	return (body.Operations as Array<Record<string, unknown>>).map((operation) => {
		const op = typeof operation.op === 'string' ? operation.op.toLowerCase() : '';
		if (!['add', 'replace', 'remove'].includes(op))
			throw new ScimFailure(
				400,
				`Unknown operation ${JSON.stringify(operation.op)}`,
				'invalidSyntax',
			);
		const path = typeof operation.path === 'string' ? operation.path : undefined;
		return { op, path, value: operation.value };
	});
}

/**
 * RFC 7644 §3.4.2.2, the part WalkMe's reference uses: `attribute eq value` comparisons joined by
 * `and`, values as JSON strings, booleans or null. userName compares without case (caseExact false).
 */
function compileFilter<T>(filter: string, schema: string): (resource: T) => boolean {
	const comparisons = filter.split(/\s+and\s+/i).map((part) => {
		const match = /^\s*([A-Za-z][\w.]*)\s+[eE][qQ]\s+("(?:[^"\\]|\\.)*"|true|false|null)\s*$/.exec(
			part,
		);
		if (!match) throw new ScimFailure(400, `Unsupported filter: ${filter}`, 'invalidFilter');
		const attribute = match[1];
		const value: unknown = JSON.parse(match[2]);
		const allowed =
			schema === USER_SCHEMA
				? [
						'id',
						'userName',
						'externalId',
						'active',
						'name.givenName',
						'name.familyName',
						'accessRole',
					]
				: ['id', 'displayName'];
		if (!allowed.includes(attribute))
			throw new ScimFailure(400, `Unsupported filter attribute ${attribute}`, 'invalidFilter');
		return (resource: T) => {
			const actual = attribute
				.split('.')
				.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], resource);
			if (attribute === 'userName' && typeof actual === 'string' && typeof value === 'string')
				return actual.toLowerCase() === value.toLowerCase();
			return actual === value || (value === null && actual === undefined);
		};
	});
	return (resource) => comparisons.every((matches) => matches(resource));
}
