import type { IDataObject } from 'n8n-workflow';

import { WalkMeEmulator } from '../../../dev/emulator/server';
import { walkMeCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const emulator = emulatorPerFile(new WalkMeEmulator());

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
		// No more than Limit asked for: one page of 7, not WalkMe's default page of 1,000.
		expect(emulator.requests('activity')).toHaveLength(1);
		const query = new URLSearchParams(emulator.requests('activity')[0].query);
		expect([query.get('limit'), query.get('offset')]).toEqual(['7', '0']);
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

	it('Limit 2500 reads pages of 1,000 (the largest WalkMe serves) and stops at 2,500', async () => {
		const now = Date.now();
		for (let i = 0; i < 3000; i++) emulator.addActivity({ timestamp: now - 1000 - i });
		const { output } = await run({ limit: 2500 });
		expect(output).toHaveLength(2500);
		expect(
			emulator.requests('activity').map((request) => {
				const query = new URLSearchParams(request.query);
				return [query.get('limit'), query.get('offset')];
			}),
		).toEqual([
			['1000', '0'],
			['1000', '1000'],
			['1000', '2000'],
		]);
	});

	it('with a filter (applied by the node, not by WalkMe), pages stay at 1,000 however small Limit is', async () => {
		const now = Date.now() - 1000;
		emulator.addActivity({ timestamp: now, actionType: 'publish' });
		const { output } = await run({ limit: 1, filters: { actionTypes: 'publish' } });
		expect(output).toHaveLength(1);
		expect(new URLSearchParams(emulator.requests('activity')[0].query).get('limit')).toBe('1000');
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
		expect(error?.message).toBe(
			"WalkMe's answer to read the activity log (events 1–1000) (HTTP 200) is not a list of events",
		);
		expect(error?.description).toMatch(/^WalkMe answered: {"items":\[\]}\. /);
	});
});
