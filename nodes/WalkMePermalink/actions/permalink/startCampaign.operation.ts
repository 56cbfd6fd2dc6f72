import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readText } from '../../../shared/parameters';
import { generatePermalinks } from '../../helpers/generate';
import { appKeyField, campaignKeyField, outputField } from './common.descriptions';

const properties: INodeProperties[] = [appKeyField, campaignKeyField, outputField];

export const description = updateDisplayOptions(
	{ show: { resource: ['permalink'], operation: ['startCampaign'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await generatePermalinks(this, items, (itemIndex) => ({
		kind: 'startCampaign',
		campaignKey: readText(this, 'campaignKey', 'Campaign Key', itemIndex),
	}));
}
