import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readText } from '../../../shared/parameters';
import { appKeyField, generatePermalinks, outputFieldField, textField } from './common';

const show = { resource: ['permalink'], operation: ['startCampaign'] };

export const description: INodeProperties[] = [
	appKeyField(show),
	textField(show, 'Campaign Key', 'campaignKey', "The campaign's API trigger key", 'e.g. myKey'),
	outputFieldField(show),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await generatePermalinks(this, items, (itemIndex) => ({
		kind: 'startCampaign',
		campaignKey: readText(this, 'campaignKey', 'Campaign Key', itemIndex),
	}));
}
