/**
 * The WalkMe Trigger in a real n8n (`n8n start`), its workflows activated as a user would, called
 * over real HTTP on loopback as WalkMe Insights calls it. Each execution posts the trigger's output
 * to a sink on loopback, so executions are counted and read where they happen.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { WalkMeEmulator } from '../emulator/server';
import type { RunningN8n } from './host';
import {
	EXAMPLE_CREDENTIALS,
	EXAMPLE_RESPONDENTS_SEGMENT,
	EXAMPLE_SYSTEM_GUID,
	EXAMPLE_WEBHOOK_SECRET,
	N8nHost,
	ensureN8nInstalled,
	freePort,
	isTriggerWorkflow,
	loadExamples,
	stopServer,
	triggerUrl,
	waitForWebhook,
} from './host';

const SECRET = EXAMPLE_WEBHOOK_SECRET;
const SECRET_CREDENTIAL = EXAMPLE_CREDENTIALS.walkMeWebhookApi;
const SYSTEM_GUID = EXAMPLE_SYSTEM_GUID;
const RESPONDENTS_SEGMENT = EXAMPLE_RESPONDENTS_SEGMENT;

let host: N8nHost;
let emulator: WalkMeEmulator;
let server: RunningN8n;
let sink: { server: http.Server; url: string; received: Array<Record<string, any>> };

/** Trigger → HTTP Request that posts the trigger's item to the sink. */
function sinkWorkflow(id: string, webhookId: string, trigger: { parameters: Record<string, unknown>; secret: boolean }) {
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'WalkMe Trigger',
				type: 'n8n-nodes-walkme.walkMeTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: trigger.parameters,
				...(trigger.secret ? { credentials: { walkMeWebhookApi: SECRET_CREDENTIAL } } : {}),
			},
			{
				id: `${id}-sink`,
				name: 'Sink',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [260, 0],
				parameters: { method: 'POST', url: sink.url, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json) }}', options: {} },
			},
		],
		connections: { 'WalkMe Trigger': { main: [[{ node: 'Sink', type: 'main', index: 0 }]] } },
		pinData: {},
	};
}

async function startSink() {
	const received: Array<Record<string, any>> = [];
	const sinkServer = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			received.push(JSON.parse(body) as Record<string, any>);
			res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
		});
	});
	await new Promise<void>((resolve) => sinkServer.listen(0, '127.0.0.1', resolve));
	return { server: sinkServer, url: `http://127.0.0.1:${(sinkServer.address() as AddressInfo).port}/events`, received };
}

const webhook = (webhookId: string, query = '') => `${server.baseUrl}/webhook/${webhookId}/walkme${query}`;

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
	const started = Date.now();
	const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return { status: response.status, body: await response.text(), ms: Date.now() - started };
}

/** Waits until the sink has at least `count` events, then a little longer to catch any extra. */
async function sinkHolds(count: number, settleMs = 1500): Promise<Array<Record<string, any>>> {
	const deadline = Date.now() + 60000;
	while (sink.received.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
	await new Promise((resolve) => setTimeout(resolve, settleMs));
	return sink.received;
}

async function executions(workflowId: string): Promise<number> {
	const response = await fetch(`${server.baseUrl}/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=500`, {
		headers: { cookie: server.cookie },
	});
	const { data } = (await response.json()) as { data: { count: number; results: unknown[] } };
	return data.count;
}

const surveyEvent = (n: number) => ({ type: 'Survey', event: 'Submitted', oId: n, oName: 'NPS Q4', 'wm.euId': `user${n}@example.com`, 'wm.env': 0, created_at: 1795000000000 + n });

beforeAll(async () => {
	host = new N8nHost(ensureN8nInstalled());
	host.installPackageFromTarball();
	emulator = await new WalkMeEmulator().start();
	emulator.addSegment(SYSTEM_GUID, 'Survey respondents', [], null, RESPONDENTS_SEGMENT);
	sink = await startSink();
	await host.importCredentials([
		{ ...EXAMPLE_CREDENTIALS.walkMeOAuth2Api, type: 'walkMeOAuth2Api', data: emulator.credentialData() },
		{ ...SECRET_CREDENTIAL, type: 'walkMeWebhookApi', data: { secret: SECRET } },
	]);
	const example = loadExamples().find(({ workflow }) => isTriggerWorkflow(workflow))?.workflow as Record<string, unknown>;
	const workflows = [
		example,
		sinkWorkflow('walkmeTrigAll01', 'walkme-all-events', { parameters: {}, secret: true }),
		sinkWorkflow('walkmeTrigFilter', 'walkme-filtered', { parameters: { itemTypes: ['ShoutOut'], events: ['Click'] }, secret: false }),
		sinkWorkflow('walkmeTrigKnown1', 'walkme-known-only', { parameters: { options: { unknownEvents: 'drop', nestDottedKeys: true } }, secret: false }),
	];
	await host.importWorkflows(workflows);
	for (const workflow of workflows) await host.activate(String(workflow.id));
	server = await host.startServer(await freePort());
	for (const webhookId of ['walkme-all-events', 'walkme-filtered', 'walkme-known-only']) await waitForWebhook(webhook(webhookId));
	await waitForWebhook(triggerUrl(server.baseUrl, example));
});

afterAll(async () => {
	if (server) await stopServer(server);
	await emulator?.stop();
	await new Promise((resolve) => sink?.server.close(resolve));
	host?.dispose();
});

beforeEach(() => {
	sink.received.length = 0;
});

describe('the WalkMe Trigger in a real n8n', () => {
	it('a POST with the secret starts exactly one execution carrying the enrichment, answered at once', async () => {
		const before = await executions('walkmeTrigAll01');
		const answer = await post(webhook('walkme-all-events', `?secret=${SECRET}`), { type: 'shout_out', event: 'click', oId: 42, oName: 'Spring promo', 'wm.euId': 'ana@example.com', 'wm.env': 0, created_at: 1795000000000 });
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.body)).toEqual({ received: true, started: true, events: 1 });
		expect(answer.ms).toBeLessThan(1000);
		const [event] = await sinkHolds(1);
		expect(sink.received).toHaveLength(1);
		expect(event).toEqual({
			type: 'shout_out',
			event: 'click',
			oId: 42,
			oName: 'Spring promo',
			'wm.euId': 'ana@example.com',
			'wm.env': 0,
			created_at: 1795000000000,
			walkme: {
				itemType: 'ShoutOut',
				event: 'Click',
				definition: 'The user clicked on the ShoutOut',
				notes: '',
				category: 'interaction',
				userId: 'ana@example.com',
				occurredAt: '2026-11-18T11:06:40.000Z',
				itemId: '42',
				itemName: 'Spring promo',
			},
		});
		expect(await executions('walkmeTrigAll01')).toBe(before + 1);
	});

	it('a GET with the same fields in the query starts one execution too, without the secret in its data', async () => {
		const query = new URLSearchParams({ type: 'ShoutOut', event: 'Click', 'wm.euId': 'li@example.com', created_at: '1795000000000', secret: SECRET });
		const started = Date.now();
		const response = await fetch(webhook('walkme-all-events', `?${query.toString()}`));
		expect(response.status).toBe(200);
		expect(Date.now() - started).toBeLessThan(1000);
		const [event] = await sinkHolds(1);
		expect(sink.received).toHaveLength(1);
		expect(event.secret).toBeUndefined();
		expect(event.walkme).toMatchObject({ itemType: 'ShoutOut', event: 'Click', userId: 'li@example.com', occurredAt: '2026-11-18T11:06:40.000Z', category: 'interaction' });
	});

	it('accepts the secret in a header too', async () => {
		const answer = await post(webhook('walkme-all-events'), surveyEvent(1), { 'X-WalkMe-Secret': SECRET });
		expect(answer.status).toBe(200);
		expect(await sinkHolds(1)).toHaveLength(1);
	});

	it('a wrong or a missing secret answers 401 and starts nothing', async () => {
		const before = await executions('walkmeTrigAll01');
		const wrong = await post(webhook('walkme-all-events', '?secret=not-the-secret'), surveyEvent(2));
		const missing = await post(webhook('walkme-all-events'), surveyEvent(3));
		const wrongHeader = await post(webhook('walkme-all-events'), surveyEvent(4), { 'X-WalkMe-Secret': `${SECRET}x` });
		for (const answer of [wrong, missing, wrongHeader]) {
			expect(answer.status).toBe(401);
			expect(JSON.parse(answer.body)).toEqual({ message: 'Unauthorized: this WalkMe webhook needs its secret' });
		}
		expect(await sinkHolds(0)).toHaveLength(0);
		expect(await executions('walkmeTrigAll01')).toBe(before);
	});

	it('an event the filters leave out answers 200 and starts nothing; one they let through starts one', async () => {
		const before = await executions('walkmeTrigFilter');
		const filtered = await post(webhook('walkme-filtered'), surveyEvent(5));
		expect(filtered.status).toBe(200);
		expect(JSON.parse(filtered.body)).toMatchObject({ received: true, started: false });
		expect(await sinkHolds(0)).toHaveLength(0);
		expect(await executions('walkmeTrigFilter')).toBe(before);
		const passed = await post(webhook('walkme-filtered'), { type: 'ShoutOut', event: 'Click', 'wm.euId': 'zoe@example.com' });
		expect(JSON.parse(passed.body)).toMatchObject({ started: true });
		expect(await sinkHolds(1)).toHaveLength(1);
		expect(await executions('walkmeTrigFilter')).toBe(before + 1);
	});

	it('an event missing from the catalog starts one execution with category "unknown" (or none when dropped)', async () => {
		await post(webhook('walkme-all-events', `?secret=${SECRET}`), { type: 'ShoutOut', event: 'Dance', 'wm.euId': 'kim@example.com' });
		const [event] = await sinkHolds(1);
		expect(sink.received).toHaveLength(1);
		expect(event.walkme).toMatchObject({ itemType: 'ShoutOut', event: 'Dance', category: 'unknown', definition: null });
		sink.received.length = 0;
		const dropped = await post(webhook('walkme-known-only'), { type: 'ShoutOut', event: 'Dance' });
		expect(JSON.parse(dropped.body)).toMatchObject({ started: false });
		await post(webhook('walkme-known-only'), { type: 'Launcher', event: 'Click', 'wm.euId': 'kim@example.com', 'env.browser.name': 'Chrome' });
		const [known] = await sinkHolds(1);
		expect(sink.received).toHaveLength(1);
		expect(known).toMatchObject({ wm: { euId: 'kim@example.com' }, env: { browser: { name: 'Chrome' } }, walkme: { itemType: 'Launcher', event: 'Click' } });
	});

	it('a burst of 200 events, 20 at a time: exactly 200 executions, none lost, none doubled', async () => {
		const before = await executions('walkmeTrigAll01');
		const url = webhook('walkme-all-events', `?secret=${SECRET}`);
		for (let start = 0; start < 200; start += 20) {
			const answers = await Promise.all(Array.from({ length: 20 }, (_, offset) => post(url, surveyEvent(1000 + start + offset))));
			expect(answers.every((answer) => answer.status === 200)).toBe(true);
		}
		const received = await sinkHolds(200, 3000);
		expect(received).toHaveLength(200);
		expect(new Set(received.map((event) => event.oId)).size).toBe(200);
		expect(await executions('walkmeTrigAll01')).toBe(before + 200);
	});

	it('runs the example: a survey respondent is added to the segment', async () => {
		emulator.clearLog();
		const example = loadExamples().find(({ workflow }) => isTriggerWorkflow(workflow))?.workflow as Record<string, unknown>;
		const answer = await post(`${triggerUrl(server.baseUrl, example)}?secret=${SECRET}`, { 'wm.euId': 'respondent@example.com', oName: 'NPS Q4', created_at: Date.now() });
		expect(answer.status).toBe(200);
		const deadline = Date.now() + 30000;
		while (emulator.requests('segments').length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(emulator.requests('segments').map((request) => [request.method, request.status, request.body])).toEqual([
			['PUT', 200, { action: 'add', userIds: ['respondent@example.com'] }],
		]);
		expect(emulator.segments(SYSTEM_GUID).find((segment) => segment.guid === RESPONDENTS_SEGMENT)?.users).toEqual(['respondent@example.com']);
	});
});
