import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asNodeError, jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { readHttpFailure } from '../../../shared/errors';
import { scimApiRequest } from '../../../shared/transport/scim';
import type { UserProfile } from '../../helpers/scim';
import {
	PAGE_SIZE,
	changes,
	createUser,
	findUser,
	listResources,
	patchBody,
	readNewUser,
	resourceOutput,
} from '../../helpers/scim';
import { newUserFields, parallelOptions } from './common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['createOrUpdate'] } },
	[...newUserFields, parallelOptions],
);

/**
 * WalkMe's users by lower-case userName, when reading them all takes fewer requests than one
 * lookup per item; undefined otherwise (each item then looks its user up).
 */
async function usersWhenCheaper(
	context: IExecuteFunctions,
	lookups: number,
): Promise<Map<string, IDataObject> | undefined> {
	if (lookups < 2) return undefined;
	const first = await listResources(context, 'Users', { limit: PAGE_SIZE, itemIndex: 0 });
	if (Math.ceil(first.totalResults / PAGE_SIZE) > lookups) return undefined;
	const rest =
		first.resources.length >= first.totalResults
			? []
			: (
					await listResources(context, 'Users', {
						startIndex: first.resources.length + 1,
						itemIndex: 0,
					})
				).resources;
	const all = [...first.resources, ...rest];
	return new Map(all.map((user) => [String(user.userName).toLowerCase(), user]));
}

async function update(
	context: IExecuteFunctions,
	user: IDataObject,
	profile: UserProfile,
	itemIndex: number,
): Promise<IDataObject> {
	const changed = changes(user, profile);
	if (Object.keys(changed).length === 0) return resourceOutput(user, { result: 'unchanged' });
	const { body } = await scimApiRequest.call(context, {
		method: 'PATCH',
		path: `/Users/${encodeURIComponent(String(user.id))}`,
		body: patchBody(changed),
		purpose: `update the user ${String(profile.userName)}`,
		itemIndex,
	});
	return resourceOutput(body as IDataObject, { result: 'updated' });
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	// Read once, by the first job to start; the jobs running beside it wait for the same answer.
	let known: Promise<Map<string, IDataObject> | undefined> | undefined;
	return await runJobs(
		this,
		jobPerItem(items),
		(input) => readNewUser(this, input.paramIndex),
		async (profile, input) => {
			const itemIndex = input.paramIndex;
			known ??= usersWhenCheaper(this, items.length);
			const users = await known;
			const userName = profile.userName as string;
			const existing = users
				? users.get(userName.toLowerCase())
				: await findUser(this, userName, itemIndex);
			if (existing) return await update(this, existing, profile, itemIndex);
			try {
				return resourceOutput(await createUser(this, profile, itemIndex), { result: 'created' });
			} catch (error) {
				// Created meanwhile (another item, another workflow): update it instead.
				const failed = asNodeError(this, error, itemIndex);
				if (readHttpFailure(failed)?.status !== 409) throw failed;
				const holder = await findUser(this, userName, itemIndex);
				if (!holder) throw failed;
				return await update(this, holder, profile, itemIndex);
			}
		},
		{ concurrency: readRequestsInParallel(this) },
	);
}
