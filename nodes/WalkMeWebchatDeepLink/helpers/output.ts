import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { fitHeadline } from '../../shared/errors';
import type { Outcome, Settings } from './readRows';

/** Each item with its link and user ID, or with the error that kept it from one. */
export function perItemOutput(
	items: INodeExecutionData[],
	outcomes: Array<Outcome | undefined>,
	settings: Settings,
): INodeExecutionData[] {
	return items.map((item, itemIndex) => {
		const outcome = outcomes[itemIndex] as Outcome;
		if ('link' in outcome) {
			return {
				json: {
					...item.json,
					[settings.outputField]: outcome.link.url,
					[settings.userIdOutputField]: outcome.link.user_id,
				},
				pairedItem: { item: itemIndex },
			};
		}
		fitHeadline(outcome.error);
		const details: IDataObject = {};
		if (outcome.error.description) details.description = outcome.error.description;
		if (outcome.error instanceof NodeApiError && outcome.error.httpCode)
			details.httpCode = outcome.error.httpCode;
		if (outcome.mayHaveCreated) details.mayHaveCreatedUserContext = true;
		return { json: { error: outcome.error.message, details }, pairedItem: { item: itemIndex } };
	});
}

/** One item holding every link, for Output → One Item Holding All Links. */
export function singleItem(
	items: INodeExecutionData[],
	outcomes: Array<Outcome | undefined>,
	stats: { requests: number; rejected: number; usersPerRequest: number },
): INodeExecutionData {
	const links: IDataObject[] = [];
	const failed: IDataObject[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (!outcome) return;
		if ('link' in outcome)
			links.push({ itemIndex, user_id: outcome.link.user_id, url: outcome.link.url });
		else failed.push({ itemIndex, error: fitHeadline(outcome.error).message });
	});
	const json: IDataObject = {
		links,
		count: links.length,
		requests: stats.requests,
		usersPerRequest: stats.usersPerRequest,
	};
	if (stats.rejected > 0) json.rejectedForSize = stats.rejected;
	if (failed.length > 0) json.failed = failed;
	return { json, pairedItem: items.map((_, item) => ({ item })) };
}
