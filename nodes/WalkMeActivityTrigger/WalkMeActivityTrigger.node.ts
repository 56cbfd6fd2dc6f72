import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	HOUR_MS,
	MAX_PAGE_SIZE,
	fetchActivity,
	matchesFilter,
	readActivityFilter,
} from '../shared/activityLog';
import { activityTriggerProperties } from './description';
import { advance, readCursor } from './helpers/cursor';

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
		const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
		if (
			typeof pageSize !== 'number' ||
			!Number.isInteger(pageSize) ||
			pageSize < 1 ||
			pageSize > MAX_PAGE_SIZE
		) {
			throw new NodeOperationError(
				this.getNode(),
				`Page Size must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${JSON.stringify(pageSize)}`,
			);
		}
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

		const data = this.getWorkflowStaticData('node');
		const stored = readCursor(data);
		if (!stored && options.firstPoll !== 'lastHour') {
			data.lastTimestamp = now;
			data.idsAtLast = [];
			return null;
		}
		const cursor = stored ?? { lastTimestamp: now - HOUR_MS, idsAtLast: [] };
		const { events } = await fetchActivity(this, {
			from: cursor.lastTimestamp,
			to: now,
			pageSize,
		});
		// The cursor moves past every new event, also those the filter leaves out.
		const next = advance(events, cursor);
		data.lastTimestamp = next.cursor.lastTimestamp;
		data.idsAtLast = next.cursor.idsAtLast;
		const wanted = next.fresh.filter((event) => matchesFilter(event, filter));
		return wanted.length > 0 ? [this.helpers.returnJsonArray(wanted)] : null;
	}
}
