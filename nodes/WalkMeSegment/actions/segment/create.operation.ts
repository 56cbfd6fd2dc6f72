import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runJobs } from '../../../shared/execution';
import { runSegmentJob } from '../../helpers/segmentJob';
import {
	membershipInputs,
	membershipOutput,
	optionsField,
	readNamedSegmentJob,
	segmentNameFields,
	userIdFields,
} from './common';
import { systemGuidField } from '../../../shared/parameters';

const show = { resource: ['segment'], operation: ['create'] };

export const description: INodeProperties[] = [
	{ ...systemGuidField, displayOptions: { show } },
	...segmentNameFields(
		show,
		'Segment name, as it will appear in the Editor (External-Segment → name)',
		'Optional identifier of the list in the system it comes from, stored with the segment',
	),
	...userIdFields(show),
	optionsField(show),
];

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
