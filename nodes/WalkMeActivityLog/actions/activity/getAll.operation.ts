import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	HOUR_MS,
	MAX_PAGE_SIZE,
	fetchActivity,
	matchesFilter,
	readActivityFilter,
} from '../../../shared/activityLog';
import { readOptionalDateParameter } from '../../../shared/dates';
import { jobPerItem, runJobs } from '../../../shared/execution';
import { readInteger, readText } from '../../../shared/parameters';

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
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Action Types',
				name: 'actionTypes',
				type: 'string',
				default: '',
				placeholder: 'e.g. save_shoutout, publish',
				description: 'Only events of these action types (comma-separated)',
			},
			{
				displayName: 'System ID',
				name: 'systemId',
				type: 'string',
				default: '',
				placeholder: 'e.g. bcf4c7f5682b4aa6875a0fc9bdfa21ca',
				description: 'Only events of this WalkMe system',
			},
		],
	},
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
			if (from > to)
				throw new NodeOperationError(this.getNode(), `From in item ${i} is after To`, {
					itemIndex: i,
				});
			const returnAll = this.getNodeParameter('returnAll', i, false) === true;
			return {
				from,
				to,
				limit: returnAll
					? Number.POSITIVE_INFINITY
					: readInteger(this, 'limit', 'Limit', i, { fallback: 50, min: 1 }),
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
