import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { inputError, settingError } from '../../shared/errors';
import { readAttributePairs } from '../../shared/attributes';
import { DateInputError, isLuxonDateTime, readDate, toCalendarDate } from '../../shared/dates';
import { formatCount, readEveryItem } from '../../shared/execution';
import { readRequestsInParallel } from '../../shared/parallel';
import {
	asText,
	notEmpty,
	parameterValue,
	readRequiredText,
	splitList,
} from '../../shared/parameters';

export const END_USER_UPDATE_CREDENTIAL = 'walkMeEndUserUpdateApi';
/** WalkMe keeps at most 100 properties across all the integrations of an account. */
export const MAX_PROPERTIES = 100;

/** WalkMe takes dates as YYYY-MM-DD; ISO 8601 date-times are turned into that. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export type AttributeValue = string | number | boolean;

/** One user's entry, from every item that names the user. */
export interface UserEntry {
	/** The items that name this user, in input order: a later item's value wins. */
	itemIndexes: number[];
	entry: Record<string, AttributeValue>;
	/** Attributes that a later item of the same user gave another value. */
	replaced: string[];
}

export interface ReadEntries {
	token: string;
	/** The name WalkMe's integration knows the identifier by. */
	identifierName: string;
	/** One entry per user, in the order of their first item. */
	entries: UserEntry[];
	/** Items left out with their error (only with On Error → Continue). */
	invalid: Array<{ itemIndex: number; error: NodeOperationError }>;
	inParallel: number;
}

/**
 * Reads and checks every item before anything is sent: one entry per user, its identifier under
 * the integration's identifier name and its attributes as WalkMe takes them (text, numbers,
 * booleans, dates as YYYY-MM-DD). Items naming the same user become one entry, the later item's
 * values winning: sent apart, in parallel requests, which value WalkMe kept would be left to chance.
 * Without On Error → Continue the first bad item stops the node.
 */
export async function readEntries(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<ReadEntries> {
	const token = await readIntegrationToken(context);
	const identifierName = readRequiredText(context, 'identifierName', 'Identifier Field Name', 0);
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const dateNames = new Set(
		splitList(asText(context, options.dateAttributes ?? '', 'Date Attributes', 0)),
	);
	const zone = context.getTimezone();
	const result: ReadEntries = {
		token,
		identifierName,
		entries: [],
		invalid: [],
		inParallel: readRequestsInParallel(context),
	};
	const names = new Set<string>([identifierName]);
	const byUser = new Map<AttributeValue, UserEntry>();
	readEveryItem(
		context,
		items,
		(item, itemIndex) => {
			const entry = readEntry(context, item, itemIndex, identifierName, (name, value) =>
				attributeValue(context, name, value, itemIndex, dateNames.has(name), zone),
			);
			for (const name of Object.keys(entry)) names.add(name);
			const user = byUser.get(entry[identifierName]);
			if (!user) {
				const first: UserEntry = { itemIndexes: [itemIndex], entry, replaced: [] };
				byUser.set(entry[identifierName], first);
				result.entries.push(first);
				return;
			}
			for (const [name, value] of Object.entries(entry)) {
				const changed = Object.hasOwn(user.entry, name) && user.entry[name] !== value;
				if (changed && !user.replaced.includes(name)) user.replaced.push(name);
			}
			Object.assign(user.entry, entry);
			user.itemIndexes.push(itemIndex);
		},
		(itemIndex, error) => result.invalid.push({ itemIndex, error }),
	);
	if (names.size > MAX_PROPERTIES) {
		throw new NodeOperationError(
			context.getNode(),
			`The items name ${formatCount(names.size)} different attributes (with the identifier ` +
				`"${identifierName}"); WalkMe keeps at most ${MAX_PROPERTIES} per account`,
			{
				description:
					'Nothing was sent. Choose fewer fields (Attributes From → Chosen Fields), or leave out ' +
					'the ones WalkMe does not need.',
			},
		);
	}
	return result;
}

async function readIntegrationToken(context: IExecuteFunctions): Promise<string> {
	const credentials = await context.getCredentials(END_USER_UPDATE_CREDENTIAL);
	const token = credentials.integrationToken;
	if (typeof token !== 'string' || token.trim() === '') {
		throw settingError(
			context.getNode(),
			'The WalkMe End User Update credential has no Integration Token',
			'credential-invalid',
			{
				description:
					"Copy the token of the integration from WalkMe's Data Integration Center into the credential.",
			},
		);
	}
	return token.trim();
}

function readEntry(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	identifierName: string,
	convert: (name: string, value: unknown) => AttributeValue | undefined,
): Record<string, AttributeValue> {
	const fail = (problem: string) => inputError(context, itemIndex, 'Attributes', problem);
	const entry: Record<string, AttributeValue> = {
		[identifierName]: readIdentifier(context, itemIndex),
	};
	const pairs = readAttributePairs(context, item, itemIndex, {
		allowed: ['allFields', 'fields', 'keyValue'],
		fallback: 'fields',
	});
	for (const [name, value] of pairs) {
		if (name.trim() === '') throw fail(': an attribute has no name');
		if (name === identifierName) {
			// All Fields sends the identifier's own field too; it is the identifier already.
			if ((typeof value === 'number' ? String(value) : value) === entry[identifierName]) continue;
			throw fail(`: "${name}" is the Identifier Field Name; its value comes from Identifier`);
		}
		if (Object.hasOwn(entry, name)) throw fail(`: "${name}" is given twice`);
		const converted = convert(name, value);
		if (converted !== undefined) entry[name] = converted;
	}
	return entry;
}

/**
 * A user's identifier: text, or a number (a CRM ID), sent as text. A boolean is refused like an
 * object or a list: `true` is no user, and would otherwise be sent as the user "true".
 */
function readIdentifier(context: IExecuteFunctions, itemIndex: number): string {
	const value = parameterValue(context, 'identifier', itemIndex, '');
	if (typeof value === 'boolean')
		throw inputError(
			context,
			itemIndex,
			'Identifier',
			`must be text or a number, found the boolean ${String(value)}`,
			'Pick the field that holds the user identifier, for example {{ $json.email }}.',
		);
	return notEmpty(
		context,
		asText(context, value, 'Identifier', itemIndex),
		'Identifier',
		itemIndex,
	);
}

/** A value as WalkMe takes it; undefined (left out) for null and undefined. */
function attributeValue(
	context: IExecuteFunctions,
	name: string,
	value: unknown,
	itemIndex: number,
	isDate: boolean,
	zone: string,
): AttributeValue | undefined {
	if (value === null || value === undefined) return undefined;
	// A date-time, from an expression or as ISO text (n8n turns a DateTime into that), is a date.
	const looksLikeDate =
		value instanceof Date ||
		(typeof value === 'string' && ISO_DATE_TIME.test(value)) ||
		isLuxonDateTime(value);
	if (isDate || looksLikeDate) {
		try {
			return toCalendarDate(readDate(value, zone), zone);
		} catch (error) {
			if (error instanceof DateInputError) {
				const problem = `: "${name}" ${error.message}`;
				throw inputError(
					context,
					itemIndex,
					'Attributes',
					problem,
					'Date Attributes are sent as YYYY-MM-DD.',
				);
			}
			throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
		}
	}
	if (typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	const found = Array.isArray(value)
		? 'a list'
		: typeof value === 'object'
			? 'an object'
			: typeof value === 'number'
				? String(value)
				: `a ${typeof value}`;
	throw inputError(
		context,
		itemIndex,
		'Attributes',
		`: the value of "${name}" is ${found}; WalkMe takes text, numbers, booleans and dates`,
		'Pick the text or number fields inside it, or leave the field out.',
	);
}
