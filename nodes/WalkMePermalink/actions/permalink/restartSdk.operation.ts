import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { appKeyField, generatePermalinks, outputFieldField } from './common';

const show = { resource: ['permalink'], operation: ['restartSdk'] };

export const description: INodeProperties[] = [appKeyField(show), outputFieldField(show)];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await generatePermalinks(this, items, () => ({ kind: 'restartSdk' }));
}
