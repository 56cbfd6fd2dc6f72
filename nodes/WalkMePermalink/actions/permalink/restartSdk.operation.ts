import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { generatePermalinks } from '../../helpers/generate';
import { appKeyField, outputField } from './common.descriptions';

const properties: INodeProperties[] = [appKeyField, outputField];

export const description = updateDisplayOptions(
	{ show: { resource: ['permalink'], operation: ['restartSdk'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await generatePermalinks(this, items, () => ({ kind: 'restartSdk' }));
}
