import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import {
	HOUR_MS,
	MAX_PAGE_SIZE,
	activityFilterFields,
	fetchActivity,
	matchesFilter,
	readActivityFilter,
} from '../../../shared/activityLog';
import { readOptionalDateParameter } from '../../../shared/dates';
import { jobPerItem, runJobs } from '../../../shared/execution';
import { readLimit, readText, returnAllFields } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'from',
		type: 'dateTime',
		default: '',
		description: 'The start of the window; empty means one hour before To',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'dateTime',
		default: '',
		description: 'The end of the window; empty means now',
	},
	...returnAllFields,
	activityFilterFields('Only'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['activity'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const zone = this.getTimezone();
	return await runJobs(
		this,
		jobPerItem(items),
		({ paramIndex: i }) => {
			const to = readOptionalDateParameter(this, 'to', 'To', i, zone)?.toMillis() ?? Date.now();
			const from =
				readOptionalDateParameter(this, 'from', 'From', i, zone)?.toMillis() ?? to - HOUR_MS;
			if (from > to) throw inputError(this, i, 'From', 'is after To');
			return {
				from,
				to,
				limit: readLimit(this, i) ?? Number.POSITIVE_INFINITY,
				filter: readActivityFilter(
					readText(this, 'filters.actionTypes', 'Action Types', i),
					readText(this, 'filters.systemId', 'System ID', i),
				),
			};
		},
		async (job, { paramIndex }) => {
			// WalkMe filters nothing itself: without filters, a page of Limit events is all it takes.
			const unfiltered = job.filter.actionTypes.size === 0 && job.filter.systemId === '';
			const { events } = await fetchActivity(
				this,
				{
					from: job.from,
					to: job.to,
					itemIndex: paramIndex,
					pageSize: unfiltered ? Math.min(job.limit, MAX_PAGE_SIZE) : MAX_PAGE_SIZE,
				},
				(event) => matchesFilter(event, job.filter),
				job.limit,
			);
			return events;
		},
	);
}
