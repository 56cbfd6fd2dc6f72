import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { walkMeApiRequest } from '../../../shared/transport/walkMe';
import { readSegmentParameter, readSystemGuid, segmentsPath } from '../../helpers/segments';
import { segmentIdField, systemGuidField } from './common.descriptions';

const properties: INodeProperties[] = [
	systemGuidField,
	{ ...segmentIdField, description: 'The segment to delete' },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		jobPerItem(items),
		(input) => ({
			systemGuid: readSystemGuid(this, input.paramIndex),
			segmentGuid: readSegmentParameter(this, input.paramIndex),
		}),
		async (job, input) => {
			const response = await walkMeApiRequest.call(this, {
				method: 'DELETE',
				path: segmentsPath(job.systemGuid, job.segmentGuid),
				purpose: `delete segment ${job.segmentGuid}`,
				itemIndex: input.paramIndex,
			});
			return {
				systemGuid: job.systemGuid,
				segmentGuid: job.segmentGuid,
				deleted: true,
				statusCode: response.statusCode,
				response: (response.body ?? null) as string | null,
			};
		},
	);
}
