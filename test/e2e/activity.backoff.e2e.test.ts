/**
 * The WalkMe Activity Trigger speaking n8n's scheduler language, in a real n8n under its durable
 * poll scheduler (n8n 3.0's settings, opt-in on the pinned 2.x) with a 10 s poll timeout:
 * - a revoked key, a 429 asking for 600 s and a 503 each back off as their declared cause says,
 *   read from n8n's own "Poll failed; backing off" log lines;
 * - a backlog of 30,000 events behind an Activity Log that answers in 500 ms is worked off over
 *   several scheduled polls, each event once, no poll abandoned, no request after a poll's budget.
 * Four workflows, each with its own API key, so that each fault hits one of them.
 */
import { readFileSync } from 'node:fs';

import type { LoggedRequest } from '../../dev/emulator/loopback';
import type { WalkMeRequestKind } from '../../dev/emulator/server';
import { ALL_SCOPES, WalkMeEmulator } from '../../dev/emulator/server';
import type { RunningN8n } from '../../dev/host';
import {
	N8N_3_PROFILE,
	N8nHost,
	chainWorkflow,
	ensureN8nInstalled,
	freePort,
	stopServer,
} from '../../dev/host';
import type { Sink } from '../helpers/sink';
import { sinkNode, startSink, stopSink } from '../helpers/sink';
import { waitUntil } from '../../dev/waitUntil';

// The durable scheduler exists in n8n 2.x only.
const onPinnedLine = process.env.N8N_LINE === '1' ? describe.skip : describe;
const POLL_TIMEOUT_S = 10;
/** n8n's budget for a poll under that timeout: the timeout less its margin of 5 s. */
const BUDGET_MS = 5000;
const LATENCY_MS = 500;
const BACKLOG = 30000;
const TRIGGER = 'WalkMe Activity Trigger';

const cases = ['revoked', 'rateLimited', 'unavailable', 'backlog'] as const;
type Case = (typeof cases)[number];
const keyOf = (name: Case) => `e2e-key-${name}`;
const WORKFLOW_IDS: Record<Case, string> = {
	revoked: 'walkmeBackoffRevoked',
	rateLimited: 'walkmeBackoff429',
	unavailable: 'walkmeBackoff503',
	backlog: 'walkmeBackoffBacklog',
};
const workflowOf = (name: Case) => WORKFLOW_IDS[name];
const credentialOf = (name: Case) => ({ id: `cred${name}`.slice(0, 16), name: `WalkMe ${name}` });

let host: N8nHost;
let emulator: WalkMeEmulator;
let sink: Sink;
let server: RunningN8n | undefined;

/** A trigger → sink workflow of its own credential, its cursor already set (its first poll reads). */
function workflow(name: Case, cursor: number): Record<string, unknown> {
	const built = chainWorkflow(workflowOf(name), [
		{
			name: TRIGGER,
			type: 'n8n-nodes-walkme.walkMeActivityTrigger',
			typeVersion: 2,
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				options: { firstPoll: 'lastHour' },
			},
			credentials: { walkMeOAuth2Api: credentialOf(name) },
		},
		sinkNode(sink.url),
	]);
	return {
		...built,
		staticData: { [`node:${TRIGGER}`]: { lastTimestamp: cursor, idsAtLast: [] } },
	};
}

/** n8n's JSON log lines with this message. */
function logLines(message: string): Array<Record<string, unknown>> {
	return (server?.log ?? '')
		.split('\n')
		.filter((line) => line.startsWith('{') && line.includes(message))
		.map((line) => JSON.parse(line) as Record<string, unknown>)
		.filter((entry) => entry.message === message);
}

/** What n8n logged (its metadata) when it first backed the workflow's poll off. */
function backingOff(name: Case): Record<string, unknown> | undefined {
	const entry = logLines('Poll failed; backing off').find(
		(line) => (line.metadata as { workflowId?: unknown })?.workflowId === workflowOf(name),
	);
	return entry?.metadata as Record<string, unknown> | undefined;
}

/** The backlog workflow's requests, grouped by poll (a minute apart; a poll lasts seconds). */
function pollsOfBacklog(): Array<Array<LoggedRequest<WalkMeRequestKind>>> {
	const polls: Array<Array<LoggedRequest<WalkMeRequestKind>>> = [];
	for (const request of emulator.requests('activity')) {
		if (request.apiKey !== keyOf('backlog')) continue;
		const current = polls[polls.length - 1];
		if (current && request.at - current[current.length - 1].at < 20000) current.push(request);
		else polls.push([request]);
	}
	return polls;
}

function peakMemoryMb(pid: number | undefined): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

beforeAll(async () => {
	if (process.env.N8N_LINE === '1') return;
	host = new N8nHost(ensureN8nInstalled());
	host.installPackageFromTarball();
	host.extraEnv = {
		...N8N_3_PROFILE,
		N8N_SCHEDULER_POLL_TIMEOUT: String(POLL_TIMEOUT_S),
		N8N_LOG_FORMAT: 'json',
	};
	emulator = await new WalkMeEmulator({ logBodies: false }).start();
	sink = await startSink();
	for (const name of cases) emulator.addApiKey(keyOf(name), emulator.clientSecret, ALL_SCOPES);
	await host.importCredentials(
		cases.map((name) => ({
			...credentialOf(name),
			type: 'walkMeOAuth2Api',
			data: { ...emulator.credentialData(), clientId: keyOf(name) },
		})),
	);
	await host.importWorkflows(cases.map((name) => workflow(name, Date.now() - 40 * 60000)));
	for (const name of cases) await host.activate(workflowOf(name));
}, 600000);

afterAll(async () => {
	if (server) await stopServer(server);
	await emulator?.stop();
	await stopSink(sink);
	host?.dispose();
});

onPinnedLine("the Activity Trigger under n8n's durable poll scheduler, 10 s poll timeout", () => {
	it('each failure backs off as its declared cause says; a backlog of 30,000 is worked off, each event once', async () => {
		server = await host.startActivated(await freePort());
		const pid = server.child.pid;
		// n8n polls each workflow once as it publishes it; the faults and the backlog come after that,
		// for the scheduled polls.
		await waitUntil(
			() =>
				cases.every((name) =>
					emulator.requests('activity').some((request) => request.apiKey === keyOf(name)),
				),
			{ timeoutMs: 60000, what: 'The poll of each workflow at its activation' },
		);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		emulator.revokeApiKey(keyOf('revoked'));
		const activity = { pathIncludes: '/activitylog', times: 1000 };
		emulator.injectFault({
			...activity,
			apiKey: keyOf('rateLimited'),
			status: 429,
			headers: { 'Retry-After': '600' },
		});
		emulator.injectFault({ ...activity, apiKey: keyOf('unavailable'), status: 503 });
		const base = Date.now() - 30 * 60000;
		for (let index = 0; index < BACKLOG; index++)
			emulator.addActivity({ timestamp: base + Math.floor(index / 2) });
		emulator.setLatency(LATENCY_MS);
		emulator.clearLog();

		await waitUntil(() => cases.slice(0, 3).every((name) => backingOff(name)), {
			timeoutMs: 200000,
			intervalMs: 1000,
			what: 'The three failing workflows backing off',
			log: () => server?.log.slice(-3000) ?? '',
		});
		const revoked = backingOff('revoked');
		const rateLimited = backingOff('rateLimited');
		const unavailable = backingOff('unavailable');
		expect(revoked).toMatchObject({ type: 'permanent', cause: 'credential-invalid' });
		expect(rateLimited).toMatchObject({ type: 'transient', cause: 'rate-limited' });
		expect(rateLimited?.delayMs).toBeGreaterThanOrEqual(600000);
		expect(unavailable).toMatchObject({ type: 'transient', cause: 'temporarily-unavailable' });
		// The revoked key is left alone: its one poll asked for a token, and asks no more.
		const tokenRequests = () =>
			emulator.requests('token').filter((request) => request.apiKey === keyOf('revoked')).length;
		const revokedAsked = tokenRequests();

		// Only the backlog's workflow emits: the other three fail.
		const received = () => sink.received;
		await waitUntil(() => received().length >= BACKLOG, {
			timeoutMs: 720000,
			intervalMs: 2000,
			what: `${BACKLOG} backlog events at the sink (it has ${received().length})`,
			log: () => server?.log.slice(-3000) ?? '',
		});
		await new Promise((resolve) => setTimeout(resolve, 5000));
		const ids = received().map((event) => String(event.eventId));
		expect(ids).toHaveLength(BACKLOG);
		expect(new Set(ids).size).toBe(BACKLOG);

		expect(logLines('Poll exceeded its timeout and was abandoned')).toEqual([]);
		const polls = pollsOfBacklog();
		for (const poll of polls) {
			const first = poll[0].at;
			for (const request of poll) {
				expect(request.at).toBeLessThan(first + BUDGET_MS);
				expect(request.answeredAt ?? Infinity).toBeLessThanOrEqual(first + BUDGET_MS + 250);
			}
		}
		expect(polls.length).toBeGreaterThan(2);
		expect(tokenRequests()).toBe(revokedAsked);

		const perPoll = polls.map((poll) => poll.length);
		// The events each poll emitted: the sink takes each execution's items in one burst.
		const bursts: number[] = [];
		sink.arrivals.forEach((at, index) => {
			if (index === 0 || at - sink.arrivals[index - 1] > 20000) bursts.push(0);
			bursts[bursts.length - 1]++;
		});
		process.stdout.write(
			`\nBacking off: revoked key ${JSON.stringify(revoked)}\n` +
				`429 Retry-After 600: ${JSON.stringify(rateLimited)}\n` +
				`503: ${JSON.stringify(unavailable)}\n` +
				`Backlog of ${BACKLOG} at ${LATENCY_MS} ms an answer, ${POLL_TIMEOUT_S} s poll timeout: ` +
				`${polls.length} polls (requests per poll ${perPoll.join(', ')}; events per poll ` +
				`${bursts.join(', ')}), each event once, ` +
				`n8n's peak memory ${peakMemoryMb(pid)} MB\n`,
		);
	}, 1200000);
});
