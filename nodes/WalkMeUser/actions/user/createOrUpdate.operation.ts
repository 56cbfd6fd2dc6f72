import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asNodeError, jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { firstFailure, runLedger } from '../../../shared/batchLedger';
import { readHttpFailure } from '../../../shared/transport/failures';
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
 * lookup per item; undefined otherwise (each item then looks its user up). After the first page,
 * which tells how many there are, the other pages are read `concurrency` at a time.
 */
async function usersWhenCheaper(
	context: IExecuteFunctions,
	lookups: number,
	concurrency: number,
): Promise<Map<string, IDataObject> | undefined> {
	if (lookups < 2) return undefined;
	const first = await listResources(context, 'Users', { limit: PAGE_SIZE, itemIndex: 0 });
	const perPage = Math.max(1, first.resources.length);
	if (Math.ceil(first.totalResults / perPage) > lookups) return undefined;
	const starts: number[] = [];
	for (let start = perPage + 1; start <= first.totalResults; start += perPage) starts.push(start);
	// A failed page fails the run: no page is started after it.
	const pages = await runLedger(
		starts,
		concurrency,
		async (startIndex) =>
			(await listResources(context, 'Users', { startIndex, limit: perPage, itemIndex: 0 }))
				.resources,
		true,
	);
	const failed = firstFailure(pages);
	if (failed >= 0) throw asNodeError(context, pages[failed].error, 0);
	const all = [...first.resources, ...pages.flatMap((page) => page.value ?? [])];
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
	// A rehire (active again) or a leaver (not active any more) says so; any other change is an update.
	const result =
		changed.active === true ? 'reactivated' : changed.active === false ? 'deactivated' : 'updated';
	return resourceOutput(body as IDataObject, { result });
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	// Read once, by the first job to start; the jobs running beside it wait for the same answer.
	let directoryByUserName: Promise<Map<string, IDataObject> | undefined> | undefined;
	const concurrency = readRequestsInParallel(this);
	return await runJobs(
		this,
		jobPerItem(items),
		(input) => readNewUser(this, input.paramIndex),
		async (profile, input) => {
			const itemIndex = input.paramIndex;
			directoryByUserName ??= usersWhenCheaper(this, items.length, concurrency);
			const users = await directoryByUserName;
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
				const createdMeanwhile = await findUser(this, userName, itemIndex);
				if (!createdMeanwhile) throw failed;
				return await update(this, createdMeanwhile, profile, itemIndex);
			}
		},
		{ concurrency },
	);
}
