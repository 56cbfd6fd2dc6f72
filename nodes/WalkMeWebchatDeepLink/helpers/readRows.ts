import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { readAttributePairs } from '../../shared/attributes';
import { readRequestsInParallel } from '../../shared/parallel';
import {
	asText,
	readInteger,
	readRequiredText,
	readText,
	splitList,
} from '../../shared/parameters';
import type { AttributeValue } from './attributes';
import { AttributeError, toAttributeValue } from './attributes';

export const MAX_USERS_DOCUMENTED = 100;

export interface Row {
	itemIndex: number;
	scenarioId: string;
	dataset: { user_id?: string; attributes: Record<string, AttributeValue> };
}

export interface Settings {
	requestsInParallel: number;
	outputMode: 'perItem' | 'single';
	outputField: string;
	userIdOutputField: string;
	usersPerRequest: number;
	continueOnFail: boolean;
}

export type Failure = { error: NodeApiError | NodeOperationError; mayHaveCreated?: boolean };
export type Outcome = { link: { user_id: string; url: string } } | Failure;

/** The options that hold for the whole run, read from the first item. */
export function readSettings(context: IExecuteFunctions): Settings {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const outputField = readText(context, 'options.outputField', 'Output Field', 0) || 'webchatUrl';
	const userIdOutputField =
		readText(context, 'options.userIdOutputField', 'User ID Output Field', 0) || 'webchatUserId';
	if (outputField === userIdOutputField) {
		throw inputError(
			context,
			0,
			'Output Field and User ID Output Field',
			`are both "${outputField}": the user ID would overwrite the link`,
			'Give the two options different field names.',
		);
	}
	return {
		requestsInParallel: readRequestsInParallel(context),
		outputMode: options.outputMode === 'single' ? 'single' : 'perItem',
		outputField,
		userIdOutputField,
		usersPerRequest:
			options.usersPerRequest === undefined
				? MAX_USERS_DOCUMENTED
				: readInteger(context, 'options.usersPerRequest', 'Users per Request', 0, {
						fallback: MAX_USERS_DOCUMENTED,
						min: 1,
					}),
		continueOnFail: context.continueOnFail(),
	};
}

/** One item as a row of the request: its scenario, user ID and attributes, checked. */
export function readRow(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
): Row {
	const fail = (problem: string, description?: string) =>
		inputError(context, itemIndex, 'Attributes', problem, description);
	const scenarioId = readRequiredText(context, 'scenarioId', 'Scenario ID', itemIndex);
	const userId = readText(context, 'userId', 'User ID', itemIndex);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const lists = new Set(
		splitList(asText(context, options.listAttributes ?? '', 'Comma-Separated Lists', itemIndex)),
	);

	const named = readAttributePairs(context, item, itemIndex, {
		allowed: ['allFields', 'fields', 'keyValue'],
		fallback: 'fields',
	});

	const attributes: Record<string, AttributeValue> = {};
	for (const [name, value] of named) {
		if (name.trim() === '')
			throw fail(
				': an attribute has ' +
					`${name === '' ? 'an empty name' : `a name of spaces only (${JSON.stringify(name)})`}`,
			);
		if (Object.hasOwn(attributes, name)) throw fail(`: "${name}" is given twice`);
		try {
			const converted = toAttributeValue(name, value, lists.has(name));
			if (converted !== undefined) attributes[name] = converted;
		} catch (error) {
			if (error instanceof AttributeError) {
				throw fail(
					`: ${error.message}`,
					'Pick the text or number fields inside it, or leave the field out.',
				);
			}
			throw fail(`: ${(error as Error).message}`);
		}
	}
	const dataset: Row['dataset'] = { attributes };
	if (userId !== '') dataset.user_id = userId;
	return { itemIndex, scenarioId, dataset };
}
