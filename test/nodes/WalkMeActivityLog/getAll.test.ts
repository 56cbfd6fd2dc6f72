import type { IDataObject } from 'n8n-workflow';

import type { WalkMeEmulator } from '../../emulator/server';
import { startEmulator, walkMeCredential } from '../../helpers/walkme';
import { runNode } from '../../helpers/workflow';

let emulator: WalkMeEmulator;
beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => await emulator.stop());
beforeEach(() => emulator.reset());

const getAll = { resource: 'activity', operation: 'getAll' };
const run = async (parameters: IDataObject) =>
	await runNode({
		nodeType: 'walkMeActivityLog',
		credentials: walkMeCredential(emulator),
		parameters: { ...getAll, ...parameters },
	});

describe('WalkMe Activity Log: Get Many', () => {
	it('Return All reads every page of the window (1000 a page), each event once', async () => {
		const now = Date.now();
		for (let i = 0; i < 2500; i++) emulator.addActivity({ timestamp: now - 1000 - i });
		emulator.addActivity({ timestamp: now - 2 * 3600000 });
		const { output, error } = await run({ returnAll: true });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(2500);
		expect(new Set(output.map((item) => item.json.eventId)).size).toBe(2500);
		expect(
			emulator
				.requests('activity')
				.map((request) => new URLSearchParams(request.query).get('offset')),
		).toEqual(['0', '1000', '2000']);
	});

	it('Limit stops early; the window is sent as from/to in epoch milliseconds', async () => {
		for (let i = 0; i < 30; i++)
			emulator.addActivity({ timestamp: Date.parse('2026-11-20T10:00:00Z') + i });
		const { output } = await run({
			from: '2026-11-20T09:00:00Z',
			to: '2026-11-20T11:00:00Z',
			limit: 7,
		});
		expect(output).toHaveLength(7);
		const query = new URLSearchParams(emulator.requests('activity')[0].query);
		expect([query.get('from'), query.get('to')]).toEqual([
			String(Date.parse('2026-11-20T09:00:00Z')),
			String(Date.parse('2026-11-20T11:00:00Z')),
		]);
	});

	it('filters by action type and system', async () => {
		const now = Date.now() - 1000;
		emulator.addActivity({
			timestamp: now,
			actionType: 'publish',
			additionalInfo: { systemId: 'aaaa' },
		});
		emulator.addActivity({
			timestamp: now,
			actionType: 'save_shoutout',
			additionalInfo: { systemId: 'aaaa' },
		});
		emulator.addActivity({
			timestamp: now,
			actionType: 'publish',
			additionalInfo: { systemId: 'bbbb' },
		});
		const { output } = await run({
			returnAll: true,
			filters: { actionTypes: 'Publish', systemId: 'AAAA' },
		});
		expect(
			output.map((item) => [
				item.json.actionType,
				(item.json.additionalInfo as IDataObject).systemId,
			]),
		).toEqual([['publish', 'aaaa']]);
	});

	it('refuses a window that ends before it starts, before asking WalkMe', async () => {
		const { error } = await run({ from: '2026-11-20T11:00:00Z', to: '2026-11-20T10:00:00Z' });
		expect(error?.message).toBe('From in item 0 is after To');
		expect(emulator.log).toEqual([]);
	});

	it('an answer without events is an error quoting it, not an empty result', async () => {
		emulator.injectFault({
			pathIncludes: '/activitylog',
			times: 1,
			status: 200,
			body: { items: [] },
		});
		const { error } = await run({ returnAll: true });
		expect(error?.message).toMatch(
			/^WalkMe's answer to read the activity log \(events 1–1000\) \(HTTP 200\) is not a list of events: {"items":\[\]}$/,
		);
	});
});
