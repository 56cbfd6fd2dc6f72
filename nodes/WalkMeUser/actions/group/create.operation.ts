import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asNodeError, jobPerItem, runJobs } from '../../../shared/execution';
import { outcomeUncertain } from '../../../shared/errors';
import { readRequestsInParallel } from '../../../shared/parallel';
import { readList, readRequiredText } from '../../../shared/parameters';
import { NOT_SAFE_TO_REPEAT_POLICY } from '../../../shared/transport/request';
import type { ApiRequest } from '../../../shared/transport/request';
import { scimApiRequest } from '../../../shared/transport/scim';
import { GROUP_SCHEMA, listResources, resourceOutput, scimString } from '../../helpers/scim';
import { parallelOptions } from '../user/common.descriptions';
import { displayNameField, userIdsField } from './common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['create'] } },
	[
		displayNameField,
		{
			...userIdsField,
			displayName: 'Members',
			required: false,
			description:
				'SCIM IDs of the users to put in the group, separated by commas (or a list from an expression); empty for none',
		},
		parallelOptions,
	],
);

/** The group of this displayName (compared without case), if WalkMe has one. */
async function findGroup(
	context: IExecuteFunctions,
	displayName: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const { resources } = await listResources(context, 'Groups', {
		filter: `displayName eq ${scimString(displayName)}`,
		limit: 1,
		itemIndex,
	});
	return resources[0];
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		jobPerItem(items),
		(input) => ({
			displayName: readRequiredText(this, 'displayName', 'Name', input.paramIndex),
			members: [...new Set(readList(this, 'userIds', 'Members', input.paramIndex))],
		}),
		async ({ displayName, members }, input) => {
			const itemIndex = input.paramIndex;
			const request: ApiRequest = {
				method: 'POST',
				path: '/Groups',
				body: {
					schemas: [GROUP_SCHEMA],
					displayName,
					...(members.length > 0 ? { members: members.map((value) => ({ value })) } : {}),
				},
				purpose: `create the group ${JSON.stringify(displayName)}`,
				itemIndex,
			};
			// Creating is not repeated blindly: after an answer that leaves it unknown whether WalkMe
			// created the group, it is looked up by name, and created again only when absent.
			try {
				const { body } = await scimApiRequest.call(this, request, NOT_SAFE_TO_REPEAT_POLICY);
				return resourceOutput(body as IDataObject, { result: 'created' });
			} catch (error) {
				const failed = asNodeError(this, error, itemIndex);
				if (!outcomeUncertain(failed)) throw failed;
				const found = await findGroup(this, displayName, itemIndex);
				if (found) return resourceOutput(found, { result: 'created' });
				const { body } = await scimApiRequest.call(this, request, NOT_SAFE_TO_REPEAT_POLICY);
				return resourceOutput(body as IDataObject, { result: 'created' });
			}
		},
		{ concurrency: readRequestsInParallel(this) },
	);
}
