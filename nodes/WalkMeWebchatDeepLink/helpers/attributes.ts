import { isLuxonDateTime } from '../../shared/dates';

export type AttributeValue = string | number | Array<string | number>;

export class AttributeError extends Error {}

/**
 * One attribute as OpenDialog takes it: text and numbers as they are, lists of them as collection
 * attributes. Booleans become "true"/"false", dates ISO text. Nested objects and lists holding
 * objects or lists (composite collections) are refused: OpenDialog does not support them.
 * Returns undefined for null/undefined, which are left out.
 */
export function toAttributeValue(
	name: string,
	value: unknown,
	splitCommas: boolean,
): AttributeValue | undefined {
	if (value === null || value === undefined) return undefined;
	if (Array.isArray(value))
		return value.map((entry, index) => scalar(name, entry, `entry ${index + 1} of the list`));
	const single = scalar(name, value, 'value');
	if (splitCommas && typeof single === 'string') {
		return single
			.split(',')
			.map((part) => part.trim())
			.filter((part) => part !== '');
	}
	return single;
}

function scalar(name: string, value: unknown, what: string): string | number {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') {
		if (!Number.isFinite(value))
			throw new AttributeError(
				`the ${what} of "${name}" is ${value}, not a number OpenDialog can store`,
			);
		return value;
	}
	if (typeof value === 'boolean') return String(value);
	if (value instanceof Date) return value.toISOString();
	if (isLuxonDateTime(value)) return value.toISO();
	if (Array.isArray(value))
		throw new AttributeError(
			`the ${what} of "${name}" is a list inside a list; OpenDialog takes lists of text or numbers only`,
		);
	if (value === null || value === undefined)
		throw new AttributeError(`the ${what} of "${name}" is empty (null)`);
	throw new AttributeError(
		`the ${what} of "${name}" is ${typeof value === 'object' ? 'a nested object' : `a ${typeof value}`}; ` +
			`OpenDialog takes text, numbers and lists of them`,
	);
}
