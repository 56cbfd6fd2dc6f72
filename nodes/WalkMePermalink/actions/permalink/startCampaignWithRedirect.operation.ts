import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readText } from '../../../shared/parameters';
import { generatePermalinks } from '../../helpers/generate';
import { appKeyField, campaignKeyField, outputField } from './common.descriptions';

const properties: INodeProperties[] = [
	appKeyField,
	campaignKeyField,
	{
		displayName: 'Deep Link',
		name: 'deeplink',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. walkme.testme://samples',
		description: 'The app screen to open first; the campaign starts there',
	},
	outputField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['permalink'], operation: ['startCampaignWithRedirect'] } },
	properties,
);

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
