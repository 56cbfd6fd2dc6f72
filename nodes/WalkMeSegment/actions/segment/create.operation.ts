import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runJobs } from '../../../shared/execution';
import { runSegmentJob } from '../../helpers/segmentJob';
import {
	membershipInputs,
	optionsField,
	readOptionalString,
	readRequiredString,
	readSystemGuid,
	readUserIds,
	systemGuidField,
	userIdFields,
	userIdReport,
} from './common';

const show = { resource: ['segment'], operation: ['create'] };

export const description: INodeProperties[] = [
	{ ...systemGuidField, displayOptions: { show } },
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Customers',
		description: 'Segment name, as it will appear in the Editor (External-Segment → name)',
		displayOptions: { show },
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description: 'Optional identifier of the list in the system it comes from, stored with the segment',
		displayOptions: { show },
	},
	...userIdFields(show),
	optionsField(show),
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		membershipInputs(this, items),
		(input) => ({
			systemGuid: readSystemGuid(this, input.paramIndex),
			name: readRequiredString(this, 'name', 'Name', input.paramIndex),
			externalId: readOptionalString(this, 'externalId', input.paramIndex),
			users: readUserIds(this, items, input),
		}),
		async (job, input) => {
			const result = await runSegmentJob(this, {
				kind: 'create',
				systemGuid: job.systemGuid,
				name: job.name,
				externalId: job.externalId,
				userIds: job.users.userIds,
				itemIndex: input.paramIndex,
			});
			return {
				systemGuid: job.systemGuid,
				segmentGuid: result.segmentGuid,
				name: job.name,
				action: 'create',
				...userIdReport(job.users),
				requests: result.requests,
				chunks: result.chunks,
			};
		},
	);
}
