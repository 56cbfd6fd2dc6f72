import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	CATALOG_EVENTS,
	CATALOG_ITEM_TYPES,
	describeEvent,
	nestDottedKeys,
	normalizeName,
	occurredAt,
	secretMatches,
} from '../../../nodes/WalkMeTrigger/helpers/events';
import { ITEM_EVENTS } from '../../../nodes/WalkMeTrigger/helpers/itemEvents';

// The table of WalkMe's "Item Events and Definitions" page, kept as a fixture in the repository.
const ITEM_EVENTS_TABLE = path.resolve(__dirname, '..', '..', 'fixtures', 'walkme-item-events.txt');

function tableOfItemEvents(): Array<{
	itemType: string;
	event: string;
	definition: string;
	notes: string;
}> {
	const lines = readFileSync(ITEM_EVENTS_TABLE, 'utf8').split('\n');
	const header = lines.findIndex((line) =>
		line.startsWith('WalkMe Item | Event | Definition | Notes'),
	);
	if (header < 0) throw new Error(`no table header in ${ITEM_EVENTS_TABLE}`);
	return lines
		.slice(header + 1)
		.filter((line) => line.includes('|'))
		.map((line) => {
			const [itemType, event, definition, notes] = line.split('|').map((cell) => cell.trim());
			return { itemType, event, definition, notes };
		});
}

describe("the item-event catalog is WalkMe's table", () => {
	const table = tableOfItemEvents();

	it('reads a table of plausible size from the document', () =>
		expect(table.length).toBeGreaterThanOrEqual(40));

	it('holds every row of the table with the same definition and notes, and nothing else', () => {
		expect(
			ITEM_EVENTS.map(({ itemType, event, definition, notes }) => ({
				itemType,
				event,
				definition,
				notes,
			})),
		).toEqual(table);
	});

	it('says for every event whether it is exposure or interaction', () => {
		for (const entry of ITEM_EVENTS) expect(['exposure', 'interaction']).toContain(entry.category);
		const exposure = ITEM_EVENTS.filter((entry) => entry.category === 'exposure').map(
			(entry) => `${entry.itemType}: ${entry.event}`,
		);
		expect(exposure).toEqual(
			expect.arrayContaining([
				'ShoutOut: Play',
				'Launcher: Play',
				'SmartTip: Play',
				'TeachMe: Visible',
				'Survey: Play',
			]),
		);
		expect(exposure).not.toContain('ShoutOut: Click');
		expect(exposure).not.toContain('Survey: Submitted');
	});

	it('offers each item type and event name once', () => {
		expect(CATALOG_ITEM_TYPES).toEqual([...new Set(table.map((row) => row.itemType))]);
		expect(CATALOG_EVENTS).toEqual([...new Set(table.map((row) => row.event))]);
	});
});

const FIELDS = {
	itemType: 'type',
	event: 'event',
	userId: 'wm.euId',
	occurredAt: 'created_at',
	itemId: 'oId',
	itemName: 'oName',
};

describe('reading a WalkMe payload', () => {
	it('enriches a payload with flat dotted keys', () => {
		const payload = {
			oId: 42,
			oName: 'Spring promo',
			type: 'shout_out',
			event: 'click',
			'wm.euId': 'ana@example.com',
			'wm.env': 0,
			created_at: 1795000000000,
		};
		expect(describeEvent(payload, FIELDS)).toEqual({
			itemType: 'ShoutOut',
			event: 'Click',
			definition: 'The user clicked on the ShoutOut',
			notes: '',
			category: 'interaction',
			userId: 'ana@example.com',
			occurredAt: new Date(1795000000000).toISOString(),
			itemId: '42',
			itemName: 'Spring promo',
		});
	});

	it('matches names loosely', () => {
		for (const [type, event] of [
			['ShoutOut', 'Click'],
			['shoutout', 'CLICK'],
			['Shout Out', 'click'],
			['shout-out', 'Click'],
		]) {
			expect(describeEvent({ type, event }, FIELDS)).toMatchObject({
				itemType: 'ShoutOut',
				event: 'Click',
				category: 'interaction',
			});
		}
		expect(
			describeEvent({ type: 'actionbot_conversation', event: 'conversation_started' }, FIELDS),
		).toMatchObject({
			itemType: 'ActionBot Conversation',
			event: 'Conversation Started',
		});
		expect(normalizeName('Smart Walk-Thru')).toBe(normalizeName('smart_walk_thru'));
	});

	it('uses the event the webhook was set up for when the payload names none', () => {
		expect(
			describeEvent({ 'wm.euId': 'li' }, FIELDS, { itemType: 'Survey', event: 'Submitted' }),
		).toMatchObject({
			itemType: 'Survey',
			event: 'Submitted',
			definition: 'The user submitted the Survey',
			userId: 'li',
		});
	});

	it('passes events outside the catalog as unknown', () => {
		expect(describeEvent({ type: 'ShoutOut', event: 'Dance' }, FIELDS)).toMatchObject({
			itemType: 'ShoutOut',
			event: 'Dance',
			category: 'unknown',
			definition: null,
			notes: null,
		});
		expect(describeEvent({}, FIELDS)).toMatchObject({
			itemType: null,
			event: null,
			category: 'unknown',
		});
	});

	it('reads the time in epoch milliseconds, seconds, digits or ISO text', () => {
		expect(occurredAt(1795000000000)).toBe('2026-11-18T11:06:40.000Z');
		expect(occurredAt('1795000000000')).toBe('2026-11-18T11:06:40.000Z');
		expect(occurredAt(1795000000)).toBe('2026-11-18T11:06:40.000Z');
		expect(occurredAt('2026-11-18T11:06:40Z')).toBe('2026-11-18T11:06:40.000Z');
		expect(occurredAt('yesterday')).toBeNull();
		expect(occurredAt(undefined)).toBeNull();
	});

	it('nests dotted keys on request, keeping a key flat where it would overwrite a value', () => {
		expect(
			nestDottedKeys({ 'wm.euId': 'a', 'wm.env': 2, 'env.browser.name': 'Chrome', oId: 1 }),
		).toEqual({ oId: 1, wm: { euId: 'a', env: 2 }, env: { browser: { name: 'Chrome' } } });
		expect(nestDottedKeys({ wm: 'scalar', 'wm.euId': 'a' })).toEqual({
			wm: 'scalar',
			'wm.euId': 'a',
		});
		expect(nestDottedKeys({ 'a..b': 1 })).toEqual({ 'a..b': 1 });
	});

	it('compares secrets exactly', () => {
		expect(secretMatches('s3cr3t-value-1234', 's3cr3t-value-1234')).toBe(true);
		expect(secretMatches('s3cr3t-value-1234', 's3cr3t-value-1235')).toBe(false);
		expect(secretMatches('s3cr3t-value-1234', 's3cr3t')).toBe(false);
		expect(secretMatches('s3cr3t-value-1234', undefined)).toBe(false);
		expect(secretMatches('', '')).toBe(false);
	});
});
