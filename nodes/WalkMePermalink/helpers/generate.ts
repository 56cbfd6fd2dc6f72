import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { readAttributePairs } from '../../shared/attributes';
import { jobPerItem, runJobs } from '../../shared/execution';
import { readText } from '../../shared/parameters';
import type { Attribute, PermalinkParts } from './permalink';
import { PermalinkError, buildPermalink } from './permalink';

function attributeValue(
	context: IExecuteFunctions,
	name: string,
	value: unknown,
	itemIndex: number,
): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') {
		const found = Array.isArray(value) ? 'a list' : 'an object';
		const problem = `: the value of ${JSON.stringify(name)} is ${found}; a permalink can carry only text, numbers and booleans`;
		throw inputError(context, itemIndex, 'Attributes', problem);
	}
	return String(value);
}

/** The attributes of one item, in order, from name/value pairs or from the item's fields. */
export function readAttributes(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
): Attribute[] {
	return readAttributePairs(context, item, itemIndex, {
		allowed: ['keyValue', 'fields'],
		fallback: 'keyValue',
	}).map(([name, value]) => [name, attributeValue(context, name, value, itemIndex)]);
}

/** Adds a generated permalink to every item; a bad part fails naming the field and the item. */
export async function generatePermalinks(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	readParts: (itemIndex: number) => Omit<PermalinkParts, 'appKey'>,
): Promise<INodeExecutionData[]> {
	return await runJobs(
		context,
		jobPerItem(items),
		({ paramIndex }) => {
			const outputField =
				readText(context, 'outputField', 'Output Field', paramIndex) || 'permalink';
			const parts = {
				...readParts(paramIndex),
				appKey: readText(context, 'appKey', 'App Key', paramIndex),
			} as PermalinkParts;
			return { outputField, link: buildOrFail(context, parts, paramIndex) };
		},
		async ({ outputField, link }, { paramIndex }) => ({
			...items[paramIndex].json,
			[outputField]: link,
		}),
	);
}

function buildOrFail(context: IExecuteFunctions, parts: PermalinkParts, itemIndex: number): string {
	try {
		return buildPermalink(parts);
	} catch (error) {
		throw asNodeError(context, error, itemIndex);
	}
}

export function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeOperationError {
	if (error instanceof PermalinkError) {
		return inputError(context, itemIndex, error.field, error.message);
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
