import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import type { MembershipAction } from '../../helpers/segmentJob';
import { readSegmentParameter, readSystemGuid } from '../../helpers/segments';
import { runJobs } from '../../../shared/execution';
import { runSegmentJob } from '../../helpers/segmentJob';
import { membershipInputs, membershipOutput, readUserIds } from '../../helpers/membership';
import {
	membershipOptionsField,
	segmentIdField,
	systemGuidField,
	userIdFields,
} from './common.descriptions';

const ACTIONS: MembershipAction[] = ['add', 'remove', 'override'];

const properties: INodeProperties[] = [
	systemGuidField,
	segmentIdField,
	{
		displayName: 'Action',
		name: 'action',
		type: 'options',
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Add the users to the segment',
				action: 'Add users to a segment',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Remove the users from the segment',
				action: 'Remove users from a segment',
			},
			{
				name: 'Override',
				value: 'override',
				description: 'Replace the members with exactly these users',
				action: 'Override the users of a segment',
			},
		],
		default: 'add',
	},
	...userIdFields,
	membershipOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['update'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		membershipInputs(this, items),
		(input) => {
			const action = this.getNodeParameter('action', input.paramIndex) as MembershipAction;
			if (!ACTIONS.includes(action)) {
				const problem = `must be "add", "remove" or "override", not ${JSON.stringify(action)}`;
				throw inputError(this, input.paramIndex, 'Action', problem);
			}
			return {
				systemGuid: readSystemGuid(this, input.paramIndex),
				segmentGuid: readSegmentParameter(this, input.paramIndex),
				action,
				users: readUserIds(this, items, input),
			};
		},
		async (job, input) => {
			const result = await runSegmentJob(this, {
				kind: job.action,
				systemGuid: job.systemGuid,
				segmentGuid: job.segmentGuid,
				userIds: job.users.userIds,
				itemIndex: input.paramIndex,
			});
			return membershipOutput(job, result, { action: job.action });
		},
	);
}
