import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readText } from '../../../shared/parameters';
import { jobPerItem, runJobs } from '../../../shared/execution';
import { parsePermalink } from '../../helpers/permalink';
import { asNodeError } from '../../helpers/generate';
import { outputField } from './common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Permalink',
		name: 'permalink',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. com.walkme.<app key>://1.0/trigger_campaign/myKey',
		description: 'The WalkMe Mobile permalink to split into its parts',
	},
	{ ...outputField, default: 'parsed' },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['permalink'], operation: ['parse'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		jobPerItem(items),
		({ paramIndex }) => {
			const outputField = readText(this, 'outputField', 'Output Field', paramIndex) || 'parsed';
			try {
				const { attributes, ...parts } = parsePermalink(
					readText(this, 'permalink', 'Permalink', paramIndex),
				);
				const parsed: IDataObject = { ...parts };
				if (attributes) parsed.attributes = Object.fromEntries(attributes);
				return { outputField, parsed };
			} catch (error) {
				throw asNodeError(this, error, paramIndex);
			}
		},
		async ({ outputField, parsed }, { paramIndex }) => ({
			...items[paramIndex].json,
			[outputField]: parsed,
		}),
	);
}
