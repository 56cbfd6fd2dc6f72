/**
 * The package in n8n's queue mode, as teams run it: a main process, workers pulling executions from
 * Redis, a webhook processor, one PostgreSQL database and one encryption key, and the package
 * installed from its tarball on every process. Executions arrive as in production: an activated
 * workflow (Webhook → WalkMe Segment, add the user in the request) called on the webhook processor;
 * a second one (Webhook → WalkMe End User) with the End User Update credential; and the WalkMe Activity
 * Trigger, which n8n polls on the main process only, whatever the number of workers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';

import { WalkMeEmulator } from '../../dev/emulator/server';
import type { N8nProcess, RunningN8n } from '../../dev/host';
import {
	EXAMPLE_INTEGRATION_TOKEN,
	N8nHost,
	ensureN8nInstalled,
	exampleCredential,
	freePort,
	ownerRequest,
	packPackage,
	stopProcess,
	stopServer,
} from '../../dev/host';
import type { Postgres, Service } from './services';
import {
	ensureDebianPackages,
	queueModeEnv,
	startPostgres,
	startRedis,
	startWebhookProcessor,
	startWorkerProcess,
} from './services';
import type { Sink } from '../helpers/sink';
import { activityToSinkWorkflow, startSink, stopSink } from '../helpers/sink';
import { waitUntil } from '../../dev/waitUntil';
import {
	SYSTEM_GUID,
	WORKFLOW_ID,
	WEBHOOK_PATH,
	BURST,
	END_USER_WORKFLOW_ID,
	END_USER_PATH,
	END_USERS,
	ACTIVITY_WORKFLOW_ID,
	DEDUP_WORKFLOW_ID,
	DEDUP_TITLE,
	dedupWorkflow,
	endUserWorkflow,
	segmentWorkflow,
} from './workflows';

// n8n 3.0 runs manual executions on workers (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS, in the profile).
const onManualOffload = process.env.N8N_PROFILE === '3.0' ? it : it.skip;

let redis: Service;
let postgres: Postgres;
let emulator: WalkMeEmulator;
let sink: Sink;
let main: RunningN8n;
let webhookProcessor: N8nProcess;
let webhookBase: string;
const workers: Array<{ name: string; process: N8nProcess }> = [];
const hosts: N8nHost[] = [];
let packDir: string;
const report: string[] = [];
/** Token requests over the whole run, across every burst. */
let tokensTotal = 0;

/** A host of its own for each n8n process: its own user folder, the package installed from the tarball. */
function newHost(installDir: string, tarball: string, queueEnv: NodeJS.ProcessEnv): N8nHost {
	const host = new N8nHost(installDir);
	host.extraEnv = queueEnv;
	host.installTarball(tarball);
	hosts.push(host);
	return host;
}

let installDir: string;
let tarball: string;
let queueEnv: NodeJS.ProcessEnv;

async function startWorker(name: string): Promise<void> {
	const process = await startWorkerProcess(newHost(installDir, tarball, queueEnv), name);
	workers.push({ name, process });
}

/** Execution ids each worker started and finished, from its own log. */
function workerRuns(worker: { process: N8nProcess }): {
	started: Set<string>;
	finished: Set<string>;
} {
	const ids = (pattern: RegExp) =>
		new Set([...worker.process.log.matchAll(pattern)].map((match) => match[1]));
	return {
		started: ids(/Worker started execution (\d+)/g),
		finished: ids(/Worker finished execution (\d+)/g),
	};
}

async function burst(
	segment: string,
	prefix: string,
): Promise<{ startedAt: number; users: string[] }> {
	const users = Array.from({ length: BURST }, (_, index) => `${prefix}-${index}@example.com`);
	const startedAt = Date.now();
	const answers = await Promise.all(
		users.map((user) =>
			fetch(`${webhookBase}/webhook/${WEBHOOK_PATH}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ user, segment }),
			}),
		),
	);
	expect(answers.map((answer) => answer.status)).toEqual(users.map(() => 200));
	return { startedAt, users };
}

/** Waits until the database holds `count` finished executions of a workflow since the given time. */
async function executionsFinished(
	since: number,
	count: number,
	timeoutMs = 180000,
	workflowId = WORKFLOW_ID,
): Promise<Array<{ id: string; status: string; stoppedAt: number }>> {
	let rows: Array<{ id: string; status: string; stoppedAt: number }> = [];
	await waitUntil(
		() => {
			rows = postgres
				.query(
					`select id, status, extract(epoch from "stoppedAt") * 1000 from execution_entity where "workflowId" = '${workflowId}' ` +
						`and "createdAt" >= to_timestamp(${(since - 1000) / 1000}) and "stoppedAt" is not null order by id`,
				)
				.map(([id, status, stoppedAt]) => ({ id, status, stoppedAt: Number(stoppedAt) }));
			return rows.length >= count;
		},
		{ timeoutMs, intervalMs: 500 },
	);
	return rows;
}

function addRequestsFor(segment: string): string[] {
	return emulator
		.requests('segments')
		.filter(
			(request) =>
				request.method === 'PUT' && request.path.endsWith(segment) && request.status === 200,
		)
		.flatMap((request) => (request.body as { userIds: string[] }).userIds);
}

beforeAll(async () => {
	const packages = ensureDebianPackages();
	redis = await startRedis(packages.redisServer);
	postgres = await startPostgres(packages.postgresBin);
	emulator = await new WalkMeEmulator().start();
	emulator.addIntegration(EXAMPLE_INTEGRATION_TOKEN, 'email');
	sink = await startSink();
	installDir = ensureN8nInstalled();
	packDir = mkdtempSync(path.join(tmpdir(), 'walkme-queue-pack-'));
	tarball = packPackage(packDir);
	queueEnv = queueModeEnv(redis, postgres);
	const mainHost = newHost(installDir, tarball, queueEnv);
	await mainHost.importCredentials([
		exampleCredential('walkMeOAuth2Api', emulator.credentialData()),
		exampleCredential('walkMeEndUserUpdateApi', { integrationToken: EXAMPLE_INTEGRATION_TOKEN }),
	]);
	await mainHost.importWorkflows([
		segmentWorkflow,
		endUserWorkflow,
		// From the last hour: under n8n 3.0's durable scheduler the first poll is a scheduled one, and
		// "Start From Now" would begin there, after events the test may already have added.
		activityToSinkWorkflow(ACTIVITY_WORKFLOW_ID, sink.url, { firstPoll: 'lastHour' }),
		dedupWorkflow,
	]);
	for (const id of [WORKFLOW_ID, END_USER_WORKFLOW_ID, ACTIVITY_WORKFLOW_ID])
		await mainHost.activate(id);
	main = await mainHost.startServer(await freePort());
	const processor = await startWebhookProcessor(newHost(installDir, tarball, queueEnv));
	webhookProcessor = processor.process;
	webhookBase = processor.baseUrl;
	await startWorker('worker-1');
	// Main registers the active workflow's webhook a moment after it answers its readiness check. A GET
	// on the POST-only webhook starts nothing: n8n answers that POST would be the method once it is there.
	await waitUntil(
		async () =>
			(await (await fetch(`${webhookBase}/webhook/${WEBHOOK_PATH}`)).text()).includes(
				'make a POST request',
			),
		{ timeoutMs: 60000, what: `The registration of the webhook ${WEBHOOK_PATH}` },
	);
	await waitUntil(
		async () =>
			(await (await fetch(`${webhookBase}/webhook/${END_USER_PATH}`)).text()).includes(
				'make a POST request',
			),
		{ timeoutMs: 60000, what: `The registration of the webhook ${END_USER_PATH}` },
	);
}, 600000);

afterAll(async () => {
	for (const worker of workers) await stopProcess(worker.process);
	if (webhookProcessor) await stopProcess(webhookProcessor);
	if (main) await stopServer(main);
	await emulator?.stop();
	await stopSink(sink);
	await redis?.stop();
	await postgres?.stop();
	for (const host of hosts) host.dispose();
	if (packDir) rmSync(packDir, { recursive: true, force: true });
	process.stdout.write(
		`\nQueue mode (n8n ${hosts[0]?.n8nVersion ?? 'not installed'}, ` +
			`${cpus().length} cores):\n${report.map((line) => `  ${line}`).join('\n')}\n`,
	);
}, 120000);

describe('the package in n8n queue mode: main, workers, webhook processor, Redis, PostgreSQL', () => {
	const throughput: Record<string, number> = {};

	/** A burst into a new segment: every execution succeeds, the segment holds exactly its users, each sent once. */
	async function cleanBurst(
		label: string,
		prefix: string,
	): Promise<{ ran: number[]; tokens: number }> {
		const segment = emulator.addSegment(SYSTEM_GUID, `Queue, ${label}`);
		emulator.clearLog();
		const before = workers.map((worker) => workerRuns(worker).finished.size);
		const { startedAt, users } = await burst(segment, prefix);
		const runs = await executionsFinished(startedAt, BURST);
		expect(runs.map((run) => run.status)).toEqual(users.map(() => 'success'));
		expect(
			emulator
				.segments(SYSTEM_GUID)
				.find((entry) => entry.guid === segment)
				?.users.sort(),
		).toEqual([...users].sort());
		const sent = addRequestsFor(segment);
		expect(sent).toHaveLength(BURST);
		expect(new Set(sent).size).toBe(BURST);
		const seconds = (Math.max(...runs.map((run) => run.stoppedAt)) - startedAt) / 1000;
		throughput[label] = BURST / seconds;
		// A worker logs "finished" a moment after the database says success: wait for the lines (at most
		// 10 s), so the count below is of what the workers did, not of what their logs had said so far.
		const ranSoFar = () =>
			workers.map((worker, index) => workerRuns(worker).finished.size - before[index]);
		await waitUntil(() => ranSoFar().reduce((sum, count) => sum + count, 0) >= BURST, {
			timeoutMs: 10000,
			intervalMs: 100,
		});
		const ran = ranSoFar();
		const tokens = emulator.log.filter((entry) => entry.kind === 'token').length;
		report.push(
			`${label}: ${BURST} executions in ${seconds.toFixed(1)} s → ${throughput[label].toFixed(1)} executions/s ` +
				`(${ran.map((count, index) => `${workers[index].name} ran ${count}`).join(', ')}; token requests: ${tokens})`,
		);
		tokensTotal += tokens;
		return { ran, tokens };
	}

	it('one worker: 100 concurrent webhook calls → 100 successful executions, the segment holds exactly those users', async () => {
		await cleanBurst('1 worker', 'one');
	});

	it('two workers: 100 more, each user sent once, both workers run some, tokens ≤ workers', async () => {
		await startWorker('worker-2');
		const first = tokensTotal;
		const { ran, tokens } = await cleanBurst('2 workers', 'two');
		expect(ran.every((count) => count > 0)).toBe(true);
		expect(ran.reduce((sum, count) => sum + count, 0)).toBe(BURST);
		// The token lives in the shared credential (PostgreSQL): each worker asks at most once.
		report.push(
			`token requests in total, both bursts: ${first + tokens} (worker processes: ${workers.length})`,
		);
		expect(first + tokens).toBeLessThanOrEqual(workers.length);
	});

	it('End User on two workers: 40 concurrent calls → 40 executions, each user updated once, the token in no execution', async () => {
		emulator.clearLog();
		const contacts = Array.from({ length: END_USERS }, (_, index) => ({
			email: `queue-user-${index}@crm.example`,
			plan: index % 2 ? 'enterprise' : 'team',
			renewal: `2027-0${(index % 9) + 1}-15`,
		}));
		const startedAt = Date.now();
		const statuses = await Promise.all(
			contacts.map(
				async (contact) =>
					(
						await fetch(`${webhookBase}/webhook/${END_USER_PATH}`, {
							method: 'POST',
							headers: { 'Content-Type': 'application/json' },
							body: JSON.stringify(contact),
						})
					).status,
			),
		);
		expect(statuses).toEqual(contacts.map(() => 200));
		const runs = await executionsFinished(startedAt, END_USERS, 180000, END_USER_WORKFLOW_ID);
		expect(runs.map((run) => run.status)).toEqual(contacts.map(() => 'success'));
		for (const contact of contacts)
			expect(emulator.endUsers.get(contact.email)).toEqual({
				email: contact.email,
				plan: contact.plan,
				renewalDate: contact.renewal,
			});
		const requests = emulator.requests('userData');
		expect(requests.map((request) => request.status)).toEqual(contacts.map(() => 200));
		expect(requests.map((request) => (request.body as { data: unknown[] }).data.length)).toEqual(
			contacts.map(() => 1),
		);
		// Every worker decrypted the integration token from the shared database, and none wrote it
		// into what n8n keeps of an execution.
		expect(
			requests.every(
				(request) => (request.body as { token: string }).token === EXAMPLE_INTEGRATION_TOKEN,
			),
		).toBe(true);
		const ids = runs.map((run) => run.id).join(',');
		expect(
			postgres.query(
				`select count(*) from execution_data where "executionId" in (${ids}) ` +
					`and data like '%${EXAMPLE_INTEGRATION_TOKEN}%'`,
			),
		).toEqual([['0']]);
		const ranBy = workers.map(
			(worker) => runs.filter((run) => workerRuns(worker).started.has(run.id)).length,
		);
		report.push(
			`End User: ${END_USERS} executions, ${requests.length} requests to the End User Update API ` +
				`(${ranBy.map((count, index) => `${workers[index].name} started ${count}`).join(', ')})`,
		);
	}, 300000);

	it('Activity Trigger with two workers: one poll per interval (the main polls, workers run), each event once', async () => {
		const added: string[] = [];
		const addEvents = (timestamps: number[]) =>
			timestamps.forEach((timestamp) => added.push(emulator.addActivity({ timestamp }).eventId));
		const pollStarts = () =>
			emulator
				.requests('activity')
				.filter((request) => new URLSearchParams(request.query).get('offset') === '0')
				.map((request) => request.at);
		const sinkHolds = (count: number, what: string) =>
			waitUntil(() => sink.received.length >= count, {
				timeoutMs: 150000,
				intervalMs: 200,
				what: `${what} (the sink has ${sink.received.length} event(s))`,
			});
		const startedAt = Date.now();
		// Two events share a millisecond; the next scheduled poll (at most a minute away) takes all three.
		const first = Date.now();
		addEvents([first, first, first + 1]);
		await sinkHolds(3, 'The first 3 events at the sink');
		const second = Date.now() + 2;
		addEvents([second, second]);
		await sinkHolds(5, 'The 2 later events at the sink');
		// One more scheduled poll, with nothing new: it must emit nothing.
		const pollsSoFar = pollStarts().length;
		await waitUntil(() => pollStarts().length > pollsSoFar, {
			timeoutMs: 150000,
			what: 'One more poll of the activity log',
		});
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const received = sink.received.map((event) => String(event.eventId));
		expect(received).toHaveLength(5);
		expect(new Set(received)).toEqual(new Set(added));

		// The main process polls; the webhook processor and the two workers do not: since this test
		// started, consecutive polls are a minute apart (never two in one interval). A poll at
		// activation (n8n 2.x) may come sooner before the first scheduled one, so it is left out.
		const starts = pollStarts().filter((at) => at >= startedAt);
		const gaps = starts.slice(1).map((at, index) => at - starts[index]);
		report.push(
			`Activity Trigger: ${starts.length} polls since the test started, gaps ` +
				`${gaps.map((gap) => (gap / 1000).toFixed(1)).join(', ')} s, with ${workers.length} workers`,
		);
		expect(starts.length).toBeGreaterThanOrEqual(3);
		for (const gap of gaps) {
			expect(gap).toBeGreaterThanOrEqual(50000);
			expect(gap).toBeLessThanOrEqual(120000);
		}
		// Only the two polls with something new started executions, and the workers ran them.
		const runs = await executionsFinished(startedAt, 2, 60000, ACTIVITY_WORKFLOW_ID);
		expect(runs.map((run) => run.status)).toEqual(['success', 'success']);
		await waitUntil(
			() => runs.every((run) => workers.some((worker) => workerRuns(worker).finished.has(run.id))),
			{ timeoutMs: 10000, what: 'The workers’ log lines of the activity executions' },
		);
	}, 400000);

	it('a worker killed mid-burst: the other runs what it had not started; what it was running is reported', async () => {
		const segment = emulator.addSegment(SYSTEM_GUID, 'Queue, a worker killed');
		emulator.clearLog();
		const victim = workers[0];
		const startedBefore = workerRuns(victim).started;
		const { startedAt, users } = await burst(segment, 'kill');
		// Kill it by its PID once it has started a few executions of this burst.
		await waitUntil(
			() => [...workerRuns(victim).started].filter((id) => !startedBefore.has(id)).length >= 3,
			{ timeoutMs: 60000, intervalMs: 20 },
		);
		process.kill(victim.process.child.pid as number, 'SIGKILL');
		await victim.process.closed;
		const { started, finished } = workerRuns(victim);
		const inFlight = [...started].filter((id) => !startedBefore.has(id) && !finished.has(id));
		const runs = await executionsFinished(startedAt, BURST, 240000);
		const byStatus = runs.reduce<Record<string, number>>(
			(counts, run) => ({ ...counts, [run.status]: (counts[run.status] ?? 0) + 1 }),
			{},
		);
		const survivor = workerRuns(workers[1]);
		const rerun = inFlight.filter((id) => survivor.started.has(id));
		const sent = addRequestsFor(segment);
		const twice = sent.length - new Set(sent).size;
		report.push(
			`worker-1 killed (SIGKILL, pid ${victim.process.child.pid}) with ` +
				`${inFlight.length} execution(s) in flight (${inFlight.join(', ') || 'none'}); ` +
				`${rerun.length} of them were picked up again by worker-2 after Bull's stalled-job check; ` +
				`final statuses of the burst: ${JSON.stringify(byStatus)}; users sent ` +
				`twice: ${twice} (adding a user twice leaves the segment unchanged)`,
		);
		// The database is the record of what the dead worker held (its log loses what it had not
		// flushed when it was killed): every execution of the burst finished, those that did not
		// succeed are at most the worker's concurrency, and no more users are missing or doubled.
		expect(runs.length).toBe(BURST);
		const failed = runs.filter((run) => run.status !== 'success');
		const held =
			emulator.segments(SYSTEM_GUID).find((entry) => entry.guid === segment)?.users ?? [];
		const missing = users.filter((user) => !held.includes(user));
		report.push(
			`the database shows ${failed.length} execution(s) of the burst not successful ` +
				`(${failed.map((run) => `${run.id}: ${run.status}`).join(', ') || 'none'}); ` +
				`${failed.length - missing.length} of their users had reached WalkMe before the kill and ${missing.length} had not. ` +
				'n8n does not re-run an execution its worker died in: retry those from the Executions list',
		);
		expect(failed.length).toBeLessThanOrEqual(5);
		expect(missing.length).toBeLessThanOrEqual(failed.length);
		expect(twice).toBeLessThanOrEqual(failed.length);
		workers.splice(0, 1);
		report.push(
			`throughput: ${Object.entries(throughput)
				.map(([key, value]) => `${key} ${value.toFixed(1)}/s`)
				.join(', ')}`,
		);
	});

	onManualOffload(
		'manual runs on workers (n8n 3.0): a Deduplication Key holds on one worker, not on the next',
		async () => {
			const delivered = () =>
				emulator.notifications.filter(
					(sent) => (sent.notification as { runtimeTitle?: string }).runtimeTitle === DEDUP_TITLE,
				).length;
			const since = Date.now();
			const runManually = async (count: number) => {
				const response = await ownerRequest(main, 'POST', `/workflows/${DEDUP_WORKFLOW_ID}/run`, {
					triggerToStartFrom: { name: 'Start' },
				});
				expect(response.status).toBe(200);
				const runs = await executionsFinished(since, count, 60000, DEDUP_WORKFLOW_ID);
				const last = runs[runs.length - 1];
				await waitUntil(() => workers.some((worker) => workerRuns(worker).finished.has(last.id)), {
					timeoutMs: 10000,
					what: `A worker's log line of manual execution ${last.id}`,
				});
				return workers.find((worker) => workerRuns(worker).finished.has(last.id))?.name;
			};
			// One worker is left after the kill above: both runs land on it, and its memory holds the key.
			const first = await runManually(1);
			const second = await runManually(2);
			expect([first, second, delivered()]).toEqual([workers[0].name, workers[0].name, 1]);
			// A manual run saves no static data, and each worker remembers only what it sent itself:
			// on a fresh worker (the old one stopped), the same key sends again. This is where it stops.
			await startWorker('worker-3');
			await stopProcess(workers[0].process);
			workers.splice(0, 1);
			const third = await runManually(3);
			expect([third, delivered()]).toEqual(['worker-3', 2]);
			report.push(
				`Deduplication Key, manual runs on workers: runs 1 and 2 on ${String(first)} sent once; ` +
					'run 3 on worker-3 sent again (manual runs save no static data; memory is per worker)',
			);
		},
		180000,
	);
});
