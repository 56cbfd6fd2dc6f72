import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { readText } from '../../../shared/parameters';
import { jobPerItem, runJobs } from '../../../shared/execution';
import { parsePermalink } from '../../helpers/permalink';
import { asNodeError, outputFieldField, textField } from './common';

const show = { resource: ['permalink'], operation: ['parse'] };

export const description: INodeProperties[] = [
	textField(
		show,
		'Permalink',
		'permalink',
		'The WalkMe Mobile permalink to split into its parts',
		'e.g. com.walkme.<app key>://1.0/trigger_campaign/myKey',
	),
	outputFieldField(show, 'parsed'),
];

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
