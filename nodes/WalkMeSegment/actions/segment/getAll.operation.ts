import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobPerItem, runJobs } from '../../../shared/execution';
import { listSegments } from '../../helpers/segmentApi';
import { readSegmentGuid, readSegmentName } from '../../helpers/segmentResponses';
import { readInteger } from '../../../shared/parameters';
import { readSystemGuid } from '../../helpers/membership';
import { systemGuidField } from './common.descriptions';

const properties: INodeProperties[] = [
	systemGuidField,
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

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
			returnAll: returnAll(this, input.paramIndex),
			limit: returnAll(this, input.paramIndex)
				? 0
				: readInteger(this, 'limit', 'Limit', input.paramIndex, { fallback: 50, min: 1 }),
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

function returnAll(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('returnAll', itemIndex, false) === true;
}
