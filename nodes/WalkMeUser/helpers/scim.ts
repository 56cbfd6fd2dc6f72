import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError, jobError, jobPerItem, runJobs } from '../../shared/execution';
import { normalizeGuid } from '../../shared/guid';
import {
	describeValue,
	readLimit,
	readList,
	readRequiredText,
	readText,
} from '../../shared/parameters';
import { declaredFailure, inputError, outcomeUncertain } from '../../shared/errors';
import { unreadableAnswer } from '../../shared/transport/failures';
import { NOT_SAFE_TO_REPEAT_POLICY } from '../../shared/transport/request';
import type { ApiRequest } from '../../shared/transport/types';
import { scimApiRequest, scimError } from '../../shared/transport/scim';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** Resources per list request; a provider may answer fewer (its maxResults), and paging goes on. */
export const PAGE_SIZE = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What a node run sets on a WalkMe user; absent fields are left as WalkMe holds them. */
export interface UserProfile {
	userName?: string;
	givenName?: string;
	familyName?: string;
	externalId?: string;
	accessRole?: string;
	allowedSystems?: string[];
	active?: boolean;
}

const LABELS: Record<keyof UserProfile, string> = {
	userName: 'User Name',
	givenName: 'First Name',
	familyName: 'Last Name',
	externalId: 'External ID',
	accessRole: 'Role',
	allowedSystems: 'Allowed Systems',
	active: 'Active',
};

/** An e-mail address for userName, or the error naming the field and the item. */
export function readUserName(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const userName = readRequiredText(context, name, LABELS.userName, itemIndex);
	if (!EMAIL.test(userName)) {
		throw inputError(
			context,
			itemIndex,
			LABELS.userName,
			`must be an e-mail address, found ${describeValue(userName)}`,
			"WalkMe's userName is the user's e-mail address.",
		);
	}
	return userName;
}

/**
 * The fields added to the collection parameter `collection` (e.g. "additionalFields"), each only
 * when the user added it. An added field left empty is refused: sending "" would clear what WalkMe holds.
 */
export function readProfileFields(
	context: IExecuteFunctions,
	collection: string,
	itemIndex: number,
): UserProfile {
	const added = context.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	const profile: UserProfile = {};
	const path = (field: string) => `${collection}.${field}`;
	if ('userName' in added) profile.userName = readUserName(context, path('userName'), itemIndex);
	for (const field of ['givenName', 'familyName', 'externalId', 'accessRole'] as const) {
		if (field in added)
			profile[field] = readRequiredText(context, path(field), LABELS[field], itemIndex);
	}
	if ('allowedSystems' in added)
		profile.allowedSystems = readSystems(context, path('allowedSystems'), itemIndex);
	if ('active' in added) {
		const active = context.getNodeParameter(path('active'), itemIndex);
		if (typeof active !== 'boolean') {
			const found = `must be true or false, found ${describeValue(active)}`;
			throw inputError(context, itemIndex, LABELS.active, found);
		}
		profile.active = active;
	}
	return profile;
}

/** User Name, First Name and Last Name (required), then the added fields of `additionalFields`. */
export function readNewUser(context: IExecuteFunctions, itemIndex: number): UserProfile {
	return {
		userName: readUserName(context, 'userName', itemIndex),
		givenName: readRequiredText(context, 'givenName', LABELS.givenName, itemIndex),
		familyName: readRequiredText(context, 'familyName', LABELS.familyName, itemIndex),
		...readProfileFields(context, 'additionalFields', itemIndex),
	};
}

function readSystems(context: IExecuteFunctions, name: string, itemIndex: number): string[] {
	const entries = readList(context, name, LABELS.allowedSystems, itemIndex);
	if (entries.length === 0) {
		throw inputError(
			context,
			itemIndex,
			LABELS.allowedSystems,
			'is empty',
			'An empty list would take away every system. To stop a user working in WalkMe, use Deactivate.',
		);
	}
	return entries.map((entry) => {
		const guid = normalizeGuid(entry);
		if (guid === null) {
			throw inputError(
				context,
				itemIndex,
				LABELS.allowedSystems,
				`: ${describeValue(entry)} is not a system GUID`,
				"A system's GUID is in WalkMe's Admin Center → Systems.",
			);
		}
		return guid;
	});
}

/** A SCIM filter's string literal: JSON's quoting, as RFC 7644 §3.4.2.2 specifies. */
export function scimString(value: string): string {
	return JSON.stringify(value);
}

function createBody(profile: UserProfile): IDataObject {
	return {
		schemas: [USER_SCHEMA],
		userName: profile.userName,
		name: { givenName: profile.givenName, familyName: profile.familyName },
		...(profile.externalId !== undefined ? { externalId: profile.externalId } : {}),
		...(profile.accessRole !== undefined ? { accessRole: profile.accessRole } : {}),
		...(profile.allowedSystems !== undefined ? { allowedSystems: profile.allowedSystems } : {}),
		...(profile.active !== undefined ? { active: profile.active } : {}),
	};
}

const PATHS: Record<keyof UserProfile, string> = {
	userName: 'userName',
	givenName: 'name.givenName',
	familyName: 'name.familyName',
	externalId: 'externalId',
	accessRole: 'accessRole',
	allowedSystems: 'allowedSystems',
	active: 'active',
};

/** A PATCH that replaces exactly the given fields, so nothing else (the role above all) is reset. */
export function patchBody(profile: UserProfile): IDataObject {
	return {
		schemas: [PATCH_SCHEMA],
		Operations: (Object.keys(profile) as Array<keyof UserProfile>)
			.filter((field) => profile[field] !== undefined)
			.map((field) => ({ op: 'replace', path: PATHS[field], value: profile[field] })),
	};
}

/** The fields of `profile` that differ from what WalkMe holds for `user`. */
export function changes(user: IDataObject, profile: UserProfile): UserProfile {
	const name = (user.name ?? {}) as IDataObject;
	const held: UserProfile = {
		userName: user.userName as string,
		givenName: name.givenName as string,
		familyName: name.familyName as string,
		externalId: user.externalId as string | undefined,
		accessRole: user.accessRole as string | undefined,
		allowedSystems: user.allowedSystems as string[] | undefined,
		active: user.active as boolean | undefined,
	};
	const changed: UserProfile = {};
	for (const field of Object.keys(profile) as Array<keyof UserProfile>) {
		const wanted = profile[field];
		const now = held[field];
		const same =
			field === 'userName'
				? String(now).toLowerCase() === String(wanted).toLowerCase()
				: Array.isArray(wanted)
					? Array.isArray(now) && [...now].sort().join() === [...wanted].sort().join()
					: now === wanted;
		if (wanted !== undefined && !same) Object.assign(changed, { [field]: wanted });
	}
	return changed;
}

/**
 * Every resource of a list (`/Users` or `/Groups`, with an optional filter), page after page from
 * `startIndex` (1, the first) until totalResults, or `limit` resources.
 */
export async function listResources(
	context: IExecuteFunctions,
	resource: 'Users' | 'Groups',
	options: { filter?: string; limit?: number; startIndex?: number; itemIndex: number },
): Promise<{ resources: IDataObject[]; totalResults: number }> {
	const resources: IDataObject[] = [];
	let totalResults = 0;
	for (let startIndex = options.startIndex ?? 1; ; ) {
		const count = Math.min(PAGE_SIZE, (options.limit ?? Infinity) - resources.length);
		const query = new URLSearchParams();
		if (options.filter) query.set('filter', options.filter);
		query.set('startIndex', String(startIndex));
		query.set('count', String(count));
		const request: ApiRequest = {
			method: 'GET',
			path: `/${resource}?${query.toString()}`,
			purpose: `list the ${resource === 'Users' ? 'users' : 'groups'}`,
			itemIndex: options.itemIndex,
		};
		const response = await scimApiRequest.call(context, request);
		const page = response.body as { totalResults?: unknown; Resources?: unknown } | undefined;
		const found = page?.Resources ?? [];
		if (typeof page?.totalResults !== 'number' || !Array.isArray(found)) {
			throw unreadableAnswer(context, 'WalkMe SCIM', request, response, 'a SCIM ListResponse');
		}
		totalResults = page.totalResults;
		resources.push(...(found as IDataObject[]));
		startIndex += found.length;
		const done =
			found.length === 0 ||
			startIndex > totalResults ||
			(options.limit !== undefined && resources.length >= options.limit);
		if (done) return { resources, totalResults };
	}
}

/** Get Many of users or groups: per item, its filter and Limit read before anything is sent, then the list. */
export async function listPerItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	resource: 'Users' | 'Groups',
	readFilter: (itemIndex: number) => string | undefined,
): Promise<INodeExecutionData[]> {
	return await runJobs(
		context,
		jobPerItem(items),
		(input) => ({
			filter: readFilter(input.paramIndex),
			limit: readLimit(context, input.paramIndex),
		}),
		async (job, input) => {
			const { resources } = await listResources(context, resource, {
				...job,
				itemIndex: input.paramIndex,
			});
			return resources.map((found) => resourceOutput(found));
		},
	);
}

/**
 * The user with this userName, or the group with this displayName (compared without case, as SCIM
 * does), if WalkMe has one.
 */
export async function findByName(
	context: IExecuteFunctions,
	resource: 'Users' | 'Groups',
	name: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const attribute = resource === 'Users' ? 'userName' : 'displayName';
	const { resources } = await listResources(context, resource, {
		filter: `${attribute} eq ${scimString(name)}`,
		limit: 1,
		itemIndex,
	});
	return resources[0];
}

/** The WalkMe user with this userName, if there is one. */
export async function findUser(
	context: IExecuteFunctions,
	userName: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	return await findByName(context, 'Users', userName, itemIndex);
}

/**
 * Creates a user or a group (`POST /Users` or `/Groups` with `body`), named `name`. Creating is not
 * repeated blindly: after an answer that leaves it unknown whether WalkMe created it (a 5xx, a lost
 * connection), it is looked up by name first, and created again only when absent.
 */
export async function createOnce(
	context: IExecuteFunctions,
	resource: 'Users' | 'Groups',
	body: IDataObject,
	name: string,
	itemIndex: number,
): Promise<IDataObject> {
	const what = resource === 'Users' ? 'user' : 'group';
	const request: ApiRequest = {
		method: 'POST',
		path: `/${resource}`,
		body,
		purpose: `create the ${what} ${resource === 'Users' ? name : JSON.stringify(name)}`,
		itemIndex,
	};
	try {
		return (await scimApiRequest.call(context, request, NOT_SAFE_TO_REPEAT_POLICY))
			.body as IDataObject;
	} catch (error) {
		const failed = asNodeError(context, error, itemIndex);
		if (!outcomeUncertain(failed)) throw failed;
		let found: IDataObject | undefined;
		try {
			found = await findByName(context, resource, name, itemIndex);
		} catch (lookupError) {
			throw jobError(
				context,
				`Creating ${name} may have worked; the check failed (item ${itemIndex})`,
				{
					itemIndex,
					description:
						`${failed.message}. Then looking the ${what} up failed: ${(lookupError as Error).message}. ` +
						`Look the ${what} up in WalkMe before creating it again.`,
					failure: declaredFailure(lookupError),
				},
			);
		}
		if (found) return found;
		return (await scimApiRequest.call(context, request, NOT_SAFE_TO_REPEAT_POLICY))
			.body as IDataObject;
	}
}

/** Creates a user (see createOnce). */
export async function createUser(
	context: IExecuteFunctions,
	profile: UserProfile,
	itemIndex: number,
): Promise<IDataObject> {
	return await createOnce(
		context,
		'Users',
		createBody(profile),
		String(profile.userName),
		itemIndex,
	);
}

/** A SCIM resource (user or group) as the node outputs it: without its schema list. */
export function resourceOutput(user: IDataObject, extra: IDataObject = {}): IDataObject {
	const output: IDataObject = { ...user, ...extra };
	delete output.schemas;
	return output;
}

/** A user ID (SCIM's `id`, opaque text) from a field, or the error naming it and the item. */
export function readResourceId(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const id = readText(context, name, label, itemIndex);
	if (id === '' || /[/?#]/.test(id)) {
		const problem = id === '' ? 'is empty' : `is not an ID: ${describeValue(id)}`;
		throw inputError(context, itemIndex, label, problem);
	}
	return id;
}

/**
 * Deletes a user or a group. A 404 to a retry (after a 502 or a 504) means the first attempt deleted
 * it: that counts as deleted. A 404 to the first attempt is an error (no such ID).
 */
export async function deleteResource(
	context: IExecuteFunctions,
	resource: 'Users' | 'Groups',
	id: string,
	itemIndex: number,
): Promise<IDataObject> {
	const request: ApiRequest = {
		method: 'DELETE',
		path: `/${resource}/${encodeURIComponent(id)}`,
		purpose: `delete the ${resource === 'Users' ? 'user' : 'group'} ${id}`,
		itemIndex,
		acceptStatuses: [404],
	};
	const response = await scimApiRequest.call(context, request);
	if (response.statusCode === 404 && response.attempts === 1)
		throw scimError(context, request, response);
	return { id, deleted: true };
}
