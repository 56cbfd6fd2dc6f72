import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { inputError } from './errors';
import { parameterValue } from './parameters';

/** The form WalkMe's Notifications API takes dates in: UTC, minutes. */
export const WALKME_DATE_FORMAT = 'yyyy-MM-dd HH:mm';

export class DateInputError extends Error {}

// Texts without a zone are read in the workflow's time zone, as n8n's date pickers mean them.
const ZONELESS_FORMATS = ['yyyy-MM-dd HH:mm', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd'];

/**
 * Reads a date as users give it: an ISO string (with or without a zone), `YYYY-MM-DD hh:mm`, a date
 * alone (midnight), epoch milliseconds (number or digits), a JS Date, or a Luxon DateTime (what n8n
 * expressions such as {{ $now.plus(1, 'day') }} return). Values without a zone are in `zone`.
 */
export function readDate(value: unknown, zone: string): DateTime {
	let parsed: DateTime;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (isLuxonDateTime(value)) parsed = DateTime.fromMillis(value.toMillis(), { zone: 'utc' });
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'number') parsed = fromEpochMillis(value);
	else if (typeof value === 'string') parsed = fromText(value.trim(), zone);
	else
		throw new DateInputError(
			`is not a date: found ` +
				`${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}`,
		);
	if (!parsed.isValid)
		throw new DateInputError(
			`is not a date: ${parsed.invalidExplanation ?? parsed.invalidReason ?? 'invalid'}`,
		);
	return parsed;
}

function fromText(text: string, zone: string): DateTime {
	if (/^\d{12,14}$/.test(text)) return fromEpochMillis(Number(text));
	for (const format of ZONELESS_FORMATS) {
		const parsed = DateTime.fromFormat(text, format, { zone });
		if (parsed.isValid) return parsed;
	}
	const iso = DateTime.fromISO(text, { zone, setZone: true });
	if (iso.isValid) return iso;
	throw new DateInputError(
		`is not a date: ${JSON.stringify(text)} (use ISO 8601, YYYY-MM-DD hh:mm, or a date picker)`,
	);
}

function fromEpochMillis(millis: number): DateTime {
	if (!Number.isFinite(millis)) throw new DateInputError(`is not a date: ${millis}`);
	return DateTime.fromMillis(millis, { zone: 'utc' });
}

/**
 * A Luxon DateTime, also from another copy of Luxon (n8n's expression sandbox), which
 * `DateTime.isDateTime` does not recognise: it still knows its instant and its ISO form.
 */
export function isLuxonDateTime(value: unknown): value is { toMillis(): number; toISO(): string } {
	return (
		typeof value === 'object' &&
		value !== null &&
		(value as { isLuxonDateTime?: unknown }).isLuxonDateTime === true &&
		typeof (value as { toMillis?: unknown }).toMillis === 'function' &&
		typeof (value as { toISO?: unknown }).toISO === 'function'
	);
}

/** As WalkMe takes it: `YYYY-MM-DD hh:mm` in UTC (seconds dropped). */
export function toWalkMeDate(date: DateTime): string {
	return date.toUTC().toFormat(WALKME_DATE_FORMAT);
}

/** A calendar date, `YYYY-MM-DD`, as it falls in the given zone (the workflow's). */
export function toCalendarDate(date: DateTime, zone: string): string {
	return date.setZone(zone).toFormat('yyyy-MM-dd');
}

/**
 * A date parameter that may be left empty (undefined then), read as readDate reads it; a value
 * that is not a date fails naming the field and the item.
 */
export function readOptionalDateParameter(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	zone: string,
): DateTime | undefined {
	const value = parameterValue(context, name, itemIndex, '');
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
		return undefined;
	try {
		return readDate(value, zone);
	} catch (error) {
		if (error instanceof DateInputError) {
			throw inputError(context, itemIndex, label, error.message);
		}
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
}
