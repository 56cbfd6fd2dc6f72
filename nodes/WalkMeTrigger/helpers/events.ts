import { createHash, timingSafeEqual } from 'crypto';

import type { EventCategory, ItemEvent } from './itemEvents';
import { ITEM_EVENTS } from './itemEvents';
import { readField } from '../../shared/parameters';

/** Lower case, letters and digits only: "ShoutOut", "shoutout", "shout_out" and "Shout Out" are one name. */
export function normalizeName(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const ITEM_TYPES = new Map<string, string>();
const EVENTS = new Map<string, ItemEvent>();
for (const entry of ITEM_EVENTS) {
	ITEM_TYPES.set(normalizeName(entry.itemType), entry.itemType);
	EVENTS.set(`${normalizeName(entry.itemType)}|${normalizeName(entry.event)}`, entry);
}

/** The catalog's item types and event names, each once, in the table's order. */
export const CATALOG_ITEM_TYPES = [...new Set(ITEM_EVENTS.map((entry) => entry.itemType))];
export const CATALOG_EVENTS = [...new Set(ITEM_EVENTS.map((entry) => entry.event))];

export function canonicalItemType(raw: string): string | undefined {
	return ITEM_TYPES.get(normalizeName(raw));
}

export function catalogEntry(itemType: string, event: string): ItemEvent | undefined {
	return EVENTS.get(`${normalizeName(itemType)}|${normalizeName(event)}`);
}

/** {"wm.euId": "a", "wm.env": 0} → {"wm": {"euId": "a", "env": 0}}; a key that would overwrite a value stays flat. */
export function nestDottedKeys(payload: Record<string, unknown>): Record<string, unknown> {
	const nested: Record<string, unknown> = {};
	const flat = Object.entries(payload).filter(([key]) => !key.includes('.'));
	const dotted = Object.entries(payload).filter(([key]) => key.includes('.'));
	for (const [key, value] of flat) nested[key] = value;
	for (const [key, value] of dotted) {
		const path = key.split('.');
		if (path.some((part) => part === '')) {
			nested[key] = value;
			continue;
		}
		let target: Record<string, unknown> | undefined = nested;
		for (const part of path.slice(0, -1)) {
			const next: unknown = target[part];
			if (next === undefined) target = target[part] = {};
			else if (next !== null && typeof next === 'object' && !Array.isArray(next))
				target = next as Record<string, unknown>;
			else {
				target = undefined;
				break;
			}
		}
		const last = path[path.length - 1];
		if (target && !Object.hasOwn(target, last)) target[last] = value;
		else nested[key] = value;
	}
	return nested;
}

/** When the event happened, as ISO text: epoch milliseconds (or seconds), as a number or digits, or a date text. */
export function occurredAt(value: unknown): string | null {
	let millis: number | undefined;
	if (typeof value === 'number' && Number.isFinite(value)) millis = value;
	else if (typeof value === 'string' && /^\d{9,14}$/.test(value.trim()))
		millis = Number(value.trim());
	if (millis !== undefined) {
		if (millis < 1e11) millis *= 1000;
		return new Date(millis).toISOString();
	}
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Date.parse(value);
		if (!Number.isNaN(parsed)) return new Date(parsed).toISOString();
	}
	return null;
}

/** Compares secrets in constant time (over digests, so different lengths take the same time too). */
export function secretMatches(expected: string, given: string | undefined): boolean {
	if (given === undefined) return false;
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(expected), digest(given)) && expected.length > 0;
}

export interface FieldNames {
	itemType: string;
	event: string;
	userId: string;
	occurredAt: string;
	itemId: string;
	itemName: string;
}

export interface Enrichment {
	itemType: string | null;
	event: string | null;
	definition: string | null;
	notes: string | null;
	category: EventCategory | 'unknown';
	userId: string | null;
	occurredAt: string | null;
	itemId: string | null;
	itemName: string | null;
}

function text(value: unknown): string | null {
	if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return null;
}

/**
 * What the payload says happened, in the catalog's words. `assumed` is the event this webhook was
 * set up for in Insights, used where the payload does not name the item type or the event.
 */
export function describeEvent(
	payload: Record<string, unknown>,
	fields: FieldNames,
	assumed?: { itemType: string; event: string },
): Enrichment {
	const rawType = text(readField(payload, fields.itemType)) ?? assumed?.itemType ?? null;
	const rawEvent = text(readField(payload, fields.event)) ?? assumed?.event ?? null;
	const entry = rawType && rawEvent ? catalogEntry(rawType, rawEvent) : undefined;
	return {
		itemType: entry?.itemType ?? (rawType ? (canonicalItemType(rawType) ?? rawType) : null),
		event: entry?.event ?? rawEvent,
		definition: entry?.definition ?? null,
		notes: entry ? entry.notes : null,
		category: entry?.category ?? 'unknown',
		userId: text(readField(payload, fields.userId)),
		occurredAt: occurredAt(readField(payload, fields.occurredAt)),
		itemId: text(readField(payload, fields.itemId)),
		itemName: text(readField(payload, fields.itemName)),
	};
}

/** Where the payload holds each part of an event, and the event the webhook stands for, from the options. */
export function readEventFields(options: Record<string, unknown>): {
	fields: FieldNames;
	assumed?: { itemType: string; event: string };
} {
	const fields: FieldNames = {
		itemType: String(options.itemTypeField ?? 'type'),
		event: String(options.eventField ?? 'event'),
		userId: String(options.userIdField ?? 'wm.euId'),
		occurredAt: String(options.occurredAtField ?? 'created_at'),
		itemId: String(options.itemIdField ?? 'oId'),
		itemName: String(options.itemNameField ?? 'oName'),
	};
	const [itemType, event] =
		typeof options.webhookEvent === 'string' ? options.webhookEvent.split('|') : [];
	return { fields, assumed: itemType && event ? { itemType, event } : undefined };
}
