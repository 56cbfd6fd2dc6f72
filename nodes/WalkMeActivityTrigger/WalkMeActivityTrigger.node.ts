import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	HOUR_MS,
	MAX_PAGE_SIZE,
	fetchActivity,
	matchesFilter,
	readActivityFilter,
} from '../shared/activityLog';
import { settingError } from '../shared/errors';
import { activityTriggerProperties } from './description';
import { catchUp, pollBudgetMs } from './helpers/catchUp';
import { readBacklogHint, readCursor, saveProgress } from './helpers/cursor';

export class WalkMeActivityTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WalkMe Activity Trigger',
		name: 'walkMeActivityTrigger',
		icon: { light: 'file:../icons/walkme.svg', dark: 'file:../icons/walkme.dark.svg' },
		group: ['trigger'],
		// Version 2 reads its filters from the Filters collection, as the Activity Log node does.
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{($parameter["filters"] || {}).actionTypes || $parameter["actionTypes"] || "any activity"}}',
		description:
			"Starts the workflow on new events in the WalkMe account's audit log (Activity Log API)",
		defaults: { name: 'WalkMe Activity Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'walkMeOAuth2Api', required: true }],
		properties: activityTriggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const path = this.getNode().typeVersion >= 2 ? 'filters.' : '';
		const filter = readActivityFilter(
			String(this.getNodeParameter(`${path}actionTypes`, '') ?? ''),
			String(this.getNodeParameter(`${path}systemId`, '') ?? ''),
		);
		const pageSize = readPageSize(this, options.pageSize);
		const now = Date.now();

		// "Fetch Test Event" in the editor: the newest matching event of the last hour; no state.
		if (this.getMode() === 'manual') {
			const { events } = await fetchActivity(
				this,
				{ from: now - HOUR_MS, to: now, pageSize },
				(event) => matchesFilter(event, filter),
				1,
			);
			return events.length > 0 ? [this.helpers.returnJsonArray(events)] : null;
		}

		// The first poll fixes where the trigger starts, and keeps it: a failing poll after it cannot
		// move the start (and lose events), as "now minus one hour" at every retry would.
		const data = this.getWorkflowStaticData('node');
		const cursor = readCursor(data);
		if (!cursor) {
			data.lastTimestamp = options.firstPoll === 'lastHour' ? now - HOUR_MS : now;
			data.idsAtLast = [];
			return null;
		}
		const read = await catchUp(this, {
			...readBacklogHint(data),
			cursor,
			end: now,
			pageSize,
			deadline: now + pollBudgetMs(this),
		});
		// The cursor moves past every event read, also those the filter leaves out.
		saveProgress(data, read);
		if (read.failure)
			this.logger.warn('WalkMe Activity Trigger: a read failed after some events; they are kept', {
				error: (read.failure as Error).message,
			});
		const wanted = read.events.filter((event) => matchesFilter(event, filter));
		return wanted.length > 0 ? [this.helpers.returnJsonArray(wanted)] : null;
	}
}

/** Options → Page Size: a whole number of events from 1 to the API's page, else the node's setting is wrong. */
function readPageSize(context: IPollFunctions, value: unknown): number {
	const pageSize = value ?? MAX_PAGE_SIZE;
	if (
		typeof pageSize !== 'number' ||
		!Number.isInteger(pageSize) ||
		pageSize < 1 ||
		pageSize > MAX_PAGE_SIZE
	) {
		throw settingError(
			context.getNode(),
			`Page Size must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${JSON.stringify(pageSize)}`,
			'configuration-invalid',
		);
	}
	return pageSize;
}
