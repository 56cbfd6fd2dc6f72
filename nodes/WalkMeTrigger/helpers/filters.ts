import type { IWebhookFunctions } from 'n8n-workflow';

import type { Enrichment } from './events';
import { normalizeName } from './events';

export interface EventFilters {
	itemTypes: Set<string>;
	events: Set<string>;
	dropUnknown: boolean;
}

export function readFilters(this: IWebhookFunctions, unknownEvents: unknown): EventFilters {
	return {
		itemTypes: new Set((this.getNodeParameter('itemTypes', []) as string[]).map(normalizeName)),
		events: new Set((this.getNodeParameter('events', []) as string[]).map(normalizeName)),
		dropUnknown: unknownEvents === 'drop',
	};
}

/** Why the trigger's own filters leave the event out, or undefined when it starts the workflow. */
export function whyLeftOut(walkme: Enrichment, filters: EventFilters): string | undefined {
	const label = `${walkme.itemType ?? 'an item of no type'}: ${walkme.event ?? 'no event'}`;
	if (filters.itemTypes.size > 0 && !filters.itemTypes.has(normalizeName(walkme.itemType ?? ''))) {
		return `${label} is not among the trigger's Item Types`;
	}
	if (filters.events.size > 0 && !filters.events.has(normalizeName(walkme.event ?? ''))) {
		return `${label} is not among the trigger's Events`;
	}
	if (filters.dropUnknown && walkme.category === 'unknown') {
		return `${label} is not in WalkMe's table of item events, which the trigger is set to ignore`;
	}
	return undefined;
}
