import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import {
	listSegments,
	readSegmentGuid,
	readSegmentName,
	readSystemGuid,
} from '../../helpers/segments';
import { readLimit, returnAllFields } from '../../../shared/parameters';
import { systemGuidField } from './common.descriptions';

const properties: INodeProperties[] = [systemGuidField, ...returnAllFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['getAll'] } },
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
			limit: readLimit(this, input.paramIndex),
		}),
		async (job, input) => {
			// The API documents no paging: one call returns every segment of the system.
			const { segments } = await listSegments(this, job.systemGuid, input.paramIndex);
			const chosen = job.limit === undefined ? segments : segments.slice(0, job.limit);
			return chosen.map((segment) => ({
				...segment,
				segmentGuid: readSegmentGuid(segment),
				name: readSegmentName(segment),
				systemGuid: job.systemGuid,
			}));
		},
	);
}
