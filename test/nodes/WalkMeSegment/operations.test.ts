import { WalkMeEmulator } from '../../../dev/emulator/server';
import { SYSTEM_GUID, contacts, walkMeCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const emulator = emulatorPerFile(new WalkMeEmulator());

const base = { resource: 'segment', systemGuid: SYSTEM_GUID };

describe('WalkMe Segment operations', () => {
	it('creates one segment per item from the User IDs parameter, cleaning and counting', async () => {
		const { output, error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: [
				{ team: 'A', ids: ' a@x.com, b@x.com,a@x.com,, ' },
				{ team: 'B', ids: ['c@x.com', 'c@x.com'] },
			],
			parameters: {
				...base,
				operation: 'create',
				name: '={{ "Team " + $json.team }}',
				externalId: '={{ "crm-" + $json.team }}',
				userIdSource: 'parameter',
				userIds: '={{ $json.ids }}',
			},
		});
		expect(error).toBeUndefined();
		expect(emulator.requests('segments').map((r) => r.body)).toEqual([
			{ name: 'Team A', id: 'crm-A', userIds: ['a@x.com', 'b@x.com'] },
			{ name: 'Team B', id: 'crm-B', userIds: ['c@x.com'] },
		]);
		expect(
			output.map((item) => [
				item.json.name,
				item.json.usersReceived,
				item.json.duplicatesRemoved,
				item.json.emptyRemoved,
				item.json.usersSent,
				item.pairedItem,
			]),
		).toEqual([
			// ',,' is one separator, so ' a, b,a,, ' reads as 4 values: 1 duplicate, 1 blank.
			['Team A', 4, 1, 1, 2, { item: 0 }],
			['Team B', 2, 1, 0, 1, { item: 1 }],
		]);
	});

	it('adds, removes and overrides users of a segment picked by GUID', async () => {
		const guid = emulator.addSegment(SYSTEM_GUID, 'Trial', ['a', 'b', 'c']);
		const update = (action: string, userIds: string) =>
			runNode({
				nodeType: 'walkMeSegment',
				credentials: walkMeCredential(emulator),
				parameters: {
					...base,
					operation: 'update',
					segmentId: { __rl: true, mode: 'id', value: guid.replace(/-/g, '').toUpperCase() },
					action,
					userIdSource: 'parameter',
					userIds,
				},
			});
		expect((await update('add', 'd,e')).output[0].json).toMatchObject({
			segmentGuid: guid,
			action: 'add',
			usersSent: 2,
			requests: 1,
		});
		expect(emulator.segments(SYSTEM_GUID)[0].users).toEqual(['a', 'b', 'c', 'd', 'e']);
		await update('remove', 'a\nb');
		expect(emulator.segments(SYSTEM_GUID)[0].users).toEqual(['c', 'd', 'e']);
		await update('override', 'x');
		expect(emulator.segments(SYSTEM_GUID)[0].users).toEqual(['x']);
		expect(
			emulator
				.requests('segments')
				.map((r) => [r.method, r.path.endsWith(guid), (r.body as { action: string }).action]),
		).toEqual([
			['PUT', true, 'add'],
			['PUT', true, 'remove'],
			['PUT', true, 'override'],
		]);
	});

	it('removes 60,000 users chunk by chunk', async () => {
		const users = contacts(70000).map((c) => c.email);
		const guid = emulator.addSegment(SYSTEM_GUID, 'Big', users);
		const { output } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(60000),
			parameters: {
				...base,
				operation: 'update',
				segmentId: { __rl: true, mode: 'list', value: guid },
				action: 'remove',
				userIdSource: 'allItems',
				userIdField: 'email',
			},
		});
		expect(
			emulator
				.requests('segments')
				.map((r) => [(r.body as { action: string }).action, r.userCount]),
		).toEqual([
			['remove', 25000],
			['remove', 25000],
			['remove', 10000],
		]);
		expect(emulator.segments(SYSTEM_GUID)[0].users).toHaveLength(10000);
		expect(output[0].json.requests).toBe(3);
	});

	it('overrides 30,000 users as override + add', async () => {
		const guid = emulator.addSegment(SYSTEM_GUID, 'Old', ['stale@x.com']);
		await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(30000),
			parameters: {
				...base,
				operation: 'update',
				segmentId: { __rl: true, mode: 'id', value: guid },
				action: 'override',
				userIdSource: 'allItems',
				userIdField: 'email',
			},
		});
		expect(
			emulator
				.requests('segments')
				.map((r) => [(r.body as { action: string }).action, r.userCount]),
		).toEqual([
			['override', 25000],
			['add', 5000],
		]);
		const [segment] = emulator.segments(SYSTEM_GUID);
		expect(segment.users).toHaveLength(30000);
		expect(segment.users).not.toContain('stale@x.com');
	});

	it('lists segments with Return All and with a Limit, one item per segment', async () => {
		for (const name of ['A', 'B', 'C']) emulator.addSegment(SYSTEM_GUID, name);
		const all = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			parameters: { ...base, operation: 'getAll', returnAll: true },
		});
		expect(all.output.map((item) => item.json.name)).toEqual(['A', 'B', 'C']);
		expect(all.output[0].json.segmentGuid).toBe(emulator.segments(SYSTEM_GUID)[0].guid);
		expect(all.output[0].pairedItem).toEqual({ item: 0 });
		const limited = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			parameters: { ...base, operation: 'getAll', returnAll: false, limit: 2 },
		});
		expect(limited.output).toHaveLength(2);
	});

	it('deletes a segment, and reports a 404 for an unknown one', async () => {
		const guid = emulator.addSegment(SYSTEM_GUID, 'Gone');
		const deleted = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			parameters: {
				...base,
				operation: 'delete',
				segmentId: { __rl: true, mode: 'list', value: guid },
			},
		});
		expect(deleted.output[0].json).toMatchObject({
			segmentGuid: guid,
			deleted: true,
			statusCode: 204,
		});
		expect(emulator.segments(SYSTEM_GUID)).toEqual([]);
		const again = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			parameters: {
				...base,
				operation: 'delete',
				segmentId: { __rl: true, mode: 'id', value: guid },
			},
		});
		expect(again.error?.message).toBe(`WalkMe answered 404 to delete segment ${guid}`);
		expect(again.error?.description).toMatch(
			new RegExp(`^WalkMe said: Segment ${guid} not found\\. `),
		);
	});

	it('Create or Override by Name creates the segment, then overrides it on the next run', async () => {
		const mirror = (count: number) =>
			runNode({
				nodeType: 'walkMeSegment',
				credentials: walkMeCredential(emulator),
				items: contacts(count),
				parameters: {
					...base,
					operation: 'createOrOverride',
					name: 'Customers',
					userIdSource: 'allItems',
					userIdField: 'email',
				},
			});
		emulator.addSegment(SYSTEM_GUID, 'Someone else');
		const first = await mirror(30000);
		expect(first.output[0].json).toMatchObject({
			created: true,
			action: 'create',
			usersSent: 30000,
			requests: 3,
		});
		const second = await mirror(20000);
		expect(second.output[0].json).toMatchObject({
			created: false,
			action: 'override',
			segmentGuid: first.output[0].json.segmentGuid,
			usersSent: 20000,
			requests: 2,
		});
		expect(
			emulator
				.requests('segments')
				.map((r) =>
					`${r.method} ${(r.body as { action?: string } | undefined)?.action ?? ''}`.trim(),
				),
		).toEqual(['GET', 'POST', 'PUT add', 'GET', 'PUT override']);
		const customers = emulator.segments(SYSTEM_GUID).filter((s) => s.name === 'Customers');
		expect(customers).toHaveLength(1);
		expect(customers[0].users).toHaveLength(20000);
	});

	it('Create or Override by Name looks the system up once for many items', async () => {
		const { output } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: [{ n: 'A' }, { n: 'B' }, { n: 'A' }],
			parameters: {
				...base,
				operation: 'createOrOverride',
				name: '={{ $json.n }}',
				userIdSource: 'parameter',
				userIds: 'u1',
			},
		});
		expect(output.map((item) => item.json.action)).toEqual(['create', 'create', 'override']);
		expect(emulator.requests('segments').filter((r) => r.method === 'GET')).toHaveLength(1);
	});

	it('Create or Override by Name refuses to guess between two segments of that name', async () => {
		emulator.addSegment(SYSTEM_GUID, 'Twin');
		emulator.addSegment(SYSTEM_GUID, 'Twin');
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			parameters: {
				...base,
				operation: 'createOrOverride',
				name: 'Twin',
				userIdSource: 'parameter',
				userIds: 'u1',
			},
		});
		expect(error?.message).toBe(
			`System ${SYSTEM_GUID} has 2 segments named "Twin", so it is unclear which to override`,
		);
		expect(emulator.requests('segments').map((r) => r.method)).toEqual(['GET']);
	});
});
