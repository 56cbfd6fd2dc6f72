import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readText } from '../../../shared/parameters';
import { appKeyField, generatePermalinks, outputFieldField, textField } from './common';

const show = { resource: ['permalink'], operation: ['startCampaignWithRedirect'] };

export const description: INodeProperties[] = [
	appKeyField(show),
	textField(show, 'Campaign Key', 'campaignKey', "The campaign's API trigger key", 'e.g. myKey'),
	textField(
		show,
		'Deep Link',
		'deeplink',
		'The app screen to open first; the campaign starts there',
		'e.g. walkme.testme://samples',
	),
	outputFieldField(show),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await generatePermalinks(this, items, (itemIndex) => ({
		kind: 'startCampaignWithRedirect',
		campaignKey: readText(this, 'campaignKey', 'Campaign Key', itemIndex),
		deeplink: readText(this, 'deeplink', 'Deep Link', itemIndex),
	}));
}
