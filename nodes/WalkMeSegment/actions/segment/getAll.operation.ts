import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { listSegments } from '../../helpers/segmentApi';
import { readSegmentGuid, readSegmentName } from '../../helpers/segmentResponses';
import { readSystemGuid, systemGuidField } from './common';

const show = { resource: ['segment'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	{ ...systemGuidField, displayOptions: { show } },
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		jobPerItem(items),
		(input) => ({
			systemGuid: readSystemGuid(this, input.paramIndex),
			returnAll: this.getNodeParameter('returnAll', input.paramIndex, false) as boolean,
			limit: this.getNodeParameter('limit', input.paramIndex, 50) as number,
		}),
		async (job, input) => {
			// The API documents no paging: one call returns every segment of the system.
			const { segments } = await listSegments(this, job.systemGuid, input.paramIndex);
			const chosen = job.returnAll ? segments : segments.slice(0, job.limit);
			return chosen.map((segment) => ({
				...segment,
				segmentGuid: readSegmentGuid(segment),
				name: readSegmentName(segment),
				systemGuid: job.systemGuid,
			}));
		},
	);
}
