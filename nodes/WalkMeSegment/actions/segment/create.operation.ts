import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJobs } from '../../../shared/execution';
import { runSegmentJob } from '../../helpers/segmentJob';
import { membershipInputs, membershipOutput, readNamedSegmentJob } from '../../helpers/membership';
import { membershipOptionsField, systemGuidField, userIdFields } from './common.descriptions';

const properties: INodeProperties[] = [
	systemGuidField,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Customers',
		description: 'Segment name, as it will appear in the Editor (External-Segment → name)',
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description:
			'Optional identifier of the list in the system it comes from, stored with the segment',
	},
	...userIdFields,
	membershipOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		membershipInputs(this, items),
		(input) => readNamedSegmentJob(this, items, input),
		async (job, input) => {
			const result = await runSegmentJob(this, {
				kind: 'create',
				systemGuid: job.systemGuid,
				name: job.name,
				externalId: job.externalId,
				userIds: job.users.userIds,
				itemIndex: input.paramIndex,
			});
			return membershipOutput(job, result, { name: job.name, action: 'create' });
		},
	);
}
