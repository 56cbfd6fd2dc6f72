/**
 * The WalkMe Activity Trigger polling the Activity Log emulator in a real n8n (`n8n start`, the
 * workflow activated). n8n polls once when it activates the workflow, that is at every start, and
 * then on its schedule (every minute, n8n's shortest): so each restart below is one poll, and the
 * last poll is a scheduled one. Every emitted event is posted to a loopback sink, where each must
 * arrive exactly once: across polls, restarts, events sharing a millisecond and page boundaries.
 */
import { WalkMeEmulator } from '../../dev/emulator/server';
import type { ActivityEvent } from '../../dev/emulator/server';
import type { RunningN8n } from '../../dev/host';
import {
	N8nHost,
	ensureN8nInstalled,
	exampleCredential,
	freePort,
	stopServer,
} from '../../dev/host';
import type { Sink } from '../helpers/sink';
import { activityToSinkWorkflow, startSink, stopSink } from '../helpers/sink';
import { waitUntil } from '../../dev/waitUntil';

const WORKFLOW_ID = 'walkmeActivityPoll1';
// n8n 1.x does not poll when it starts, only on the schedule, so its polls cannot be counted
// restart by restart as below; this test runs on the pinned 2.x line.
const onPinnedLine = process.env.N8N_LINE === '1' ? describe.skip : describe;
const PAGE_SIZE = 5;

let host: N8nHost;
let emulator: WalkMeEmulator;
let sink: Sink;
let server: RunningN8n | undefined;
const added: ActivityEvent[] = [];

beforeAll(async () => {
	if (process.env.N8N_LINE === '1') return;
	host = new N8nHost(ensureN8nInstalled());
	host.installPackageFromTarball();
	emulator = await new WalkMeEmulator().start();
	sink = await startSink();
	await host.importCredentials([exampleCredential('walkMeOAuth2Api', emulator.credentialData())]);
	await host.importWorkflows([
		activityToSinkWorkflow(WORKFLOW_ID, sink.url, { pageSize: PAGE_SIZE }),
	]);
	await host.activate(WORKFLOW_ID);
}, 600000);

afterAll(async () => {
	if (server) await stopServer(server);
	await emulator?.stop();
	await stopSink(sink);
	host?.dispose();
});

/** Starts n8n (which polls once while it activates the workflow) and waits for that poll. */
async function startAndPoll(expectRequest: boolean): Promise<void> {
	const before = emulator.requests('activity').length;
	server = await host.startActivated(await freePort());
	if (expectRequest)
		await waitUntil(() => emulator.requests('activity').length > before, {
			timeoutMs: 30000,
			what: 'A poll of the activity log',
		});
}

async function restart(): Promise<void> {
	if (server) await stopServer(server);
	server = undefined;
}

function addEvents(timestamps: number[]): void {
	for (const timestamp of timestamps) added.push(emulator.addActivity({ timestamp }));
}

async function sinkHolds(count: number): Promise<string[]> {
	await waitUntil(() => sink.received.length >= count, {
		timeoutMs: 60000,
		intervalMs: 100,
		what: `${count} events at the sink (it has ${sink.received.length})`,
	});
	// A little longer, to catch any event emitted twice.
	await new Promise((resolve) => setTimeout(resolve, 1500));
	return sink.received.map((event) => String(event.eventId));
}

onPinnedLine('the WalkMe Activity Trigger in a real n8n', () => {
	it('poll 1 (first activation): starts from now and replays no history', async () => {
		addEvents([Date.now() - 10 * 60000, Date.now() - 60000]);
		await startAndPoll(false);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(sink.received).toEqual([]);
		await restart();
	});

	it('poll 2 (after a restart): the 3 new events, each once', async () => {
		const base = Date.now() + 1000;
		addEvents([base, base + 1, base + 2]);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		await startAndPoll(true);
		const ids = await sinkHolds(3);
		expect(ids).toEqual(added.slice(2, 5).map((event) => event.eventId));
		await restart();
	});

	it('poll 3: 14 new events, a full last page, 6 sharing one millisecond and one sharing the last poll’s, each once', async () => {
		const lastOfPoll2 = added[4].timestamp;
		const base = Date.now() + 1000;
		addEvents([lastOfPoll2]);
		addEvents(Array.from({ length: 6 }, () => base));
		addEvents([base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7]);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const requestsBefore = emulator.requests('activity').length;
		await startAndPoll(true);
		const ids = await sinkHolds(17);
		expect(ids).toHaveLength(17);
		expect(new Set(ids)).toEqual(new Set(added.slice(2).map((event) => event.eventId)));
		// From the last poll's timestamp on: its last event and the 14 new fill 3 pages of 5 exactly,
		// so a fourth request finds the end.
		// The poll at start is the first; a scheduled one may follow if a minute turns meanwhile, and
		// starts again at offset 0.
		const asked = emulator
			.requests('activity')
			.slice(requestsBefore)
			.map((request) => new URLSearchParams(request.query));
		const nextPoll = asked.findIndex((query, index) => index > 0 && query.get('offset') === '0');
		const startPoll = nextPoll === -1 ? asked : asked.slice(0, nextPoll);
		expect(startPoll[0].get('from')).toBe(String(lastOfPoll2));
		expect(startPoll.map((query) => query.get('offset'))).toEqual(['0', '5', '10', '15']);
		await restart();
	});

	it('poll 4: nothing new, nothing emitted', async () => {
		await startAndPoll(true);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(sink.received).toHaveLength(17);
	});

	it('poll 5 (on the schedule, every minute): the 2 new events, each once; nothing lost or repeated overall', async () => {
		const base = Date.now() + 500;
		addEvents([base, base]);
		const requestsBefore = emulator.requests('activity').length;
		await waitUntil(() => emulator.requests('activity').length > requestsBefore, {
			timeoutMs: 75000,
			intervalMs: 500,
			what: 'The scheduled poll',
		});
		const ids = await sinkHolds(19);
		expect(ids).toHaveLength(19);
		expect(new Set(ids).size).toBe(19);
		expect(new Set(ids)).toEqual(new Set(added.slice(2).map((event) => event.eventId)));
		await restart();
	}, 120000);
});
