import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError, quoteAnswer } from './errors';

/** How a value reads in an error message: its kind, and a short quote of it. */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (typeof value === 'object') return `${kindOf(value)} (${quoteAnswer(value, 80)})`;
	if (typeof value === 'string') return `the text ${quoteAnswer(JSON.stringify(value), 80)}`;
	return typeof value === 'number' ? `the number ${value}` : `${kindOf(value)} ${String(value)}`;
}

/** What kind of value it is, for a message: "a list", "an object", "a boolean". */
export function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/**
 * A value as trimmed text, for any node's text parameter or field: numbers and booleans (as
 * expressions return them) become text; an object, a list or null is refused, naming the field and
 * the item, so that "[object Object]" is never sent.
 */
export function asText(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	if (value === undefined) return '';
	if (typeof value === 'string') return value.trim();
	if (
		(typeof value === 'number' && Number.isFinite(value)) ||
		typeof value === 'boolean' ||
		typeof value === 'bigint'
	) {
		return String(value);
	}
	throw inputError(
		context,
		itemIndex,
		label,
		`must be text, found ${describeValue(value)}`,
		'If it comes from an expression, pick the text field inside it (for example {{ $json.contact.email }}).',
	);
}

// `={{ $json.a.b }}`: a field of the current item, nothing else.
const JSON_FIELD_EXPRESSION = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;

// Names n8n's expression sandbox refuses or treats specially (inherited members of every object,
// prototype access): an expression naming one always goes to n8n, whatever the item holds.
const SANDBOXED_NAMES = new Set([
	...Object.getOwnPropertyNames(Object.prototype),
	...Object.getOwnPropertyNames(Function.prototype),
	'prototype',
]);

/** An object of plain data (JSON's kind, or one with no prototype), not a list, a date or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (value === null || typeof value !== 'object') return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

/**
 * The field a `$json` path names, when reading it needs nothing from n8n's expression engine: every
 * step an own property of a plain object, no name the sandbox treats specially, and a value that
 * is plain text, a finite number or a boolean. Anything else (a property of a text or a list, an
 * inherited member, a missing field, null, an object, a date) is undefined: the caller asks n8n.
 */
function plainField(
	json: unknown,
	path: string[],
): { value: string | number | boolean } | undefined {
	let value: unknown = json;
	for (const key of path) {
		if (
			SANDBOXED_NAMES.has(key) ||
			key.startsWith('__') ||
			!isPlainObject(value) ||
			!Object.hasOwn(value, key)
		)
			return undefined;
		value = value[key];
	}
	if (
		typeof value === 'string' ||
		typeof value === 'boolean' ||
		(typeof value === 'number' && Number.isFinite(value))
	)
		return { value };
	return undefined;
}

/**
 * A field of an object by its own name (keys may contain dots, e.g. WalkMe's "wm.euId"), else by
 * dot path through own properties. Inherited members (toString, constructor…) are never fields.
 */
export function readField(object: unknown, field: string): unknown {
	if (field === '' || object === null || typeof object !== 'object') return undefined;
	if (Object.hasOwn(object, field)) return (object as Record<string, unknown>)[field];
	let current: unknown = object;
	for (const key of field.split('.')) {
		if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key))
			return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/**
 * A parameter's value for an item: the value n8n's getNodeParameter gives, exactly. n8n resolves
 * every parameter per item through its expression engine, which is most of a node's time at 100,000
 * items; two cases give the same value without it (test/nodes/shared/parameters.differential.test.ts holds
 * them to n8n): a text with no expression is that text, and `={{ $json.field }}` is that field of
 * the current item when plainField can read it. Everything else goes through n8n.
 */
export function parameterValue(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: unknown,
): unknown {
	const raw = readField(context.getNode().parameters, name);
	if (typeof raw === 'string') {
		if (!raw.startsWith('=')) return raw;
		const path = JSON_FIELD_EXPRESSION.exec(raw);
		const field = path
			? plainField(context.getInputData()[itemIndex]?.json, path[1].slice(1).split('.'))
			: undefined;
		if (field) return field.value;
	}
	return context.getNodeParameter(name, itemIndex, fallback as string) as unknown;
}

/** Text split on commas and new lines, trimmed, empties dropped. */
export function splitList(value: string): string[] {
	return value
		.split(/[,\r\n]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/**
 * A parameter that holds several values: comma- or newline-separated text, or a list from an
 * expression. Each entry must be text (or a number); anything else fails naming the field.
 */
export function readList(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string[] {
	const value = parameterValue(context, name, itemIndex, '');
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) {
		return value
			.map((entry) => asText(context, entry, `${label} (a list entry)`, itemIndex))
			.filter((entry) => entry !== '');
	}
	return splitList(asText(context, value, label, itemIndex));
}

/** A text parameter, trimmed; '' when empty or unset. */
export function readText(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	return asText(context, parameterValue(context, name, itemIndex, ''), label, itemIndex);
}

/** A text parameter that must not be empty. */
export function readRequiredText(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	return notEmpty(context, readText(context, name, label, itemIndex), label, itemIndex);
}

/** Text that must not be empty, or the error naming the field and the item. */
export function notEmpty(
	context: IExecuteFunctions,
	text: string,
	label: string,
	itemIndex: number,
): string {
	if (text === '') throw inputError(context, itemIndex, label, 'is empty');
	return text;
}

/** A whole number of at least `min` (n8n's minValue), as a number or as digits. */
export function readInteger(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	options: { fallback: number; min: number; max?: number },
): number {
	const value = parameterValue(context, name, itemIndex, options.fallback);
	const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
	const inRange =
		typeof number === 'number' &&
		Number.isInteger(number) &&
		number >= options.min &&
		(options.max === undefined || number <= options.max);
	if (!inRange) {
		const range =
			options.max === undefined
				? `${options.min} or more`
				: `from ${options.min} to ${options.max}`;
		const problem = `must be a whole number ${range}, found ${describeValue(value)}`;
		throw inputError(context, itemIndex, label, problem);
	}
	return number as number;
}

/** Return All, and Limit when it is off: the pair every Get Many shows. */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** How many results returnAllFields ask for: undefined for all. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) === true) return undefined;
	return readInteger(context, 'limit', 'Limit', itemIndex, { fallback: 50, min: 1 });
}
