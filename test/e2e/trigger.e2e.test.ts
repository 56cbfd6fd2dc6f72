/**
 * The WalkMe Trigger in a real n8n (`n8n start`), its workflows activated as a user would, called
 * over real HTTP on loopback as WalkMe Insights calls it. Each execution posts the trigger's output
 * to a sink on loopback, so executions are counted and read where they happen.
 */
import { WalkMeEmulator } from '../../dev/emulator/server';
import type { RunningN8n } from '../../dev/host';
import {
	EXAMPLE_CREDENTIALS,
	EXAMPLE_RESPONDENTS_SEGMENT,
	EXAMPLE_SYSTEM_GUID,
	EXAMPLE_WEBHOOK_SECRET,
	N8nHost,
	chainWorkflow,
	encryptedWithAnotherKey,
	ensureN8nInstalled,
	exampleCredential,
	freePort,
	isTriggerWorkflow,
	loadExamples,
	stopServer,
	triggerUrl,
	waitForWebhook,
} from '../../dev/host';
import { waitUntil } from '../../dev/waitUntil';
import type { Sink } from '../helpers/sink';
import { sinkNode, startSink, stopSink } from '../helpers/sink';
import { post, send } from '../helpers/http';

const SECRET = EXAMPLE_WEBHOOK_SECRET;
const SECRET_CREDENTIAL = EXAMPLE_CREDENTIALS.walkMeWebhookApi;
const SYSTEM_GUID = EXAMPLE_SYSTEM_GUID;
const RESPONDENTS_SEGMENT = EXAMPLE_RESPONDENTS_SEGMENT;

let host: N8nHost;
let emulator: WalkMeEmulator;
let server: RunningN8n;
let sink: Sink;

/** Trigger → HTTP Request that posts the trigger's item to the sink. */
function sinkWorkflow(
	id: string,
	webhookId: string,
	trigger: {
		parameters: Record<string, unknown>;
		credential?: { id: string; name: string };
		typeVersion?: number;
	},
) {
	return chainWorkflow(id, [
		{
			name: 'WalkMe Trigger',
			type: 'n8n-nodes-walkme.walkMeTrigger',
			typeVersion: trigger.typeVersion ?? 1,
			webhookId,
			parameters: trigger.parameters,
			...(trigger.credential ? { credentials: { walkMeWebhookApi: trigger.credential } } : {}),
		},
		sinkNode(sink.url),
	]);
}

const webhook = (webhookId: string, query = '') =>
	`${server.baseUrl}/webhook/${webhookId}/walkme${query}`;

/** Waits until the sink has at least `count` events, then a little longer to catch any extra. */
async function sinkHolds(count: number, settleMs = 1500): Promise<Array<Record<string, any>>> {
	await waitUntil(() => sink.received.length >= count, { timeoutMs: 60000, intervalMs: 100 });
	await new Promise((resolve) => setTimeout(resolve, settleMs));
	return sink.received;
}

async function executions(workflowId: string): Promise<number> {
	const response = await fetch(
		`${server.baseUrl}/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=1`,
		{
			headers: { cookie: server.cookie },
		},
	);
	const answer = await response.text();
	const { data } = JSON.parse(answer) as { data?: { count: number; results: unknown[] } };
	if (!response.ok || data === undefined)
		throw new Error(`n8n's executions list answered ${response.status}: ${answer.slice(0, 500)}`);
	return data.count;
}

/** Secret credentials that a trigger names but whose secret n8n cannot give it. */
const DELETED_SECRET = { id: 'walkmeGoneSecret', name: 'Deleted WalkMe secret' };
const EMPTY_SECRET = { id: 'walkmeEmptySecret', name: 'Empty WalkMe secret' };
const UNDECRYPTABLE_SECRET = {
	id: 'walkmeOtherKey01',
	name: 'WalkMe secret under another encryption key',
};
const FAIL_CLOSED = [
	{
		case: 'its credential was deleted',
		workflowId: 'walkmeTrigGone01',
		webhookId: 'walkme-deleted-secret',
		credential: DELETED_SECRET,
	},
	{
		case: 'its credential has an empty Secret',
		workflowId: 'walkmeTrigEmpty1',
		webhookId: 'walkme-empty-secret',
		credential: EMPTY_SECRET,
	},
	{
		case: "n8n's encryption key cannot decrypt its credential",
		workflowId: 'walkmeTrigOther1',
		webhookId: 'walkme-other-key',
		credential: UNDECRYPTABLE_SECRET,
	},
];

const surveyEvent = (n: number) => ({
	type: 'Survey',
	event: 'Submitted',
	oId: n,
	oName: 'NPS Q4',
	'wm.euId': `user${n}@example.com`,
	'wm.env': 0,
	created_at: 1795000000000 + n,
});

beforeAll(async () => {
	host = new N8nHost(ensureN8nInstalled());
	host.installPackageFromTarball();
	emulator = await new WalkMeEmulator().start();
	emulator.addSegment(SYSTEM_GUID, 'Survey respondents', [], null, RESPONDENTS_SEGMENT);
	sink = await startSink();
	await host.importCredentials([
		exampleCredential('walkMeOAuth2Api', emulator.credentialData()),
		{ ...SECRET_CREDENTIAL, type: 'walkMeWebhookApi', data: { secret: SECRET } },
		{ ...DELETED_SECRET, type: 'walkMeWebhookApi', data: { secret: SECRET } },
		{ ...EMPTY_SECRET, type: 'walkMeWebhookApi', data: { secret: '' } },
		// n8n imports credential data given as text as it is: already encrypted, here with another key.
		{
			...UNDECRYPTABLE_SECRET,
			type: 'walkMeWebhookApi',
			data: encryptedWithAnotherKey({ secret: SECRET }, 'another-instance-key') as never,
		},
	]);
	const example = loadExamples().find(({ workflow }) => isTriggerWorkflow(workflow))
		?.workflow as Record<string, unknown>;
	const workflows = [
		example,
		sinkWorkflow('walkmeTrigAll01', 'walkme-all-events', {
			parameters: {},
			credential: SECRET_CREDENTIAL,
		}),
		sinkWorkflow('walkmeTrigFilter', 'walkme-filtered', {
			parameters: { itemTypes: ['ShoutOut'], events: ['Click'] },
			typeVersion: 1.1,
		}),
		sinkWorkflow('walkmeTrigKnown1', 'walkme-known-only', {
			parameters: { options: { unknownEvents: 'drop', nestDottedKeys: true } },
		}),
		...FAIL_CLOSED.map(({ workflowId, webhookId, credential }) =>
			sinkWorkflow(workflowId, webhookId, { parameters: {}, credential }),
		),
	];
	await host.importWorkflows(workflows);
	for (const workflow of workflows) await host.activate(String(workflow.id));
	server = await host.startServer(await freePort());
	for (const webhookId of [
		'walkme-all-events',
		'walkme-filtered',
		'walkme-known-only',
		...FAIL_CLOSED.map((entry) => entry.webhookId),
	]) {
		await waitForWebhook(webhook(webhookId));
	}
	// Deleted the way a user deletes it, while the workflow that names it stays active.
	const deleted = await fetch(`${server.baseUrl}/rest/credentials/${DELETED_SECRET.id}`, {
		method: 'DELETE',
		headers: { cookie: server.cookie },
	});
	if (!deleted.ok)
		throw new Error(`could not delete the credential: ${deleted.status} ${await deleted.text()}`);
	await waitForWebhook(triggerUrl(server.baseUrl, example));
});

afterAll(async () => {
	if (server) await stopServer(server);
	await emulator?.stop();
	await stopSink(sink);
	host?.dispose();
});

beforeEach(() => {
	sink.received.length = 0;
});

describe('the WalkMe Trigger in a real n8n', () => {
	it('a POST with the secret starts exactly one execution carrying the enrichment, answered at once', async () => {
		const before = await executions('walkmeTrigAll01');
		const answer = await post(webhook('walkme-all-events', `?secret=${SECRET}`), {
			type: 'shout_out',
			event: 'click',
			oId: 42,
			oName: 'Spring promo',
			'wm.euId': 'ana@example.com',
			'wm.env': 0,
			created_at: 1795000000000,
		});
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
		const query = new URLSearchParams({
			type: 'ShoutOut',
			event: 'Click',
			'wm.euId': 'li@example.com',
			created_at: '1795000000000',
			secret: SECRET,
		});
		const started = Date.now();
		const response = await fetch(webhook('walkme-all-events', `?${query.toString()}`));
		expect(response.status).toBe(200);
		expect(Date.now() - started).toBeLessThan(1000);
		const [event] = await sinkHolds(1);
		expect(sink.received).toHaveLength(1);
		expect(event.secret).toBeUndefined();
		expect(event.walkme).toMatchObject({
			itemType: 'ShoutOut',
			event: 'Click',
			userId: 'li@example.com',
			occurredAt: '2026-11-18T11:06:40.000Z',
			category: 'interaction',
		});
	});

	it('accepts the secret in a header too', async () => {
		const answer = await post(webhook('walkme-all-events'), surveyEvent(1), {
			'X-WalkMe-Secret': SECRET,
		});
		expect(answer.status).toBe(200);
		expect(await sinkHolds(1)).toHaveLength(1);
	});

	it('a wrong or a missing secret answers 401 and starts nothing', async () => {
		const before = await executions('walkmeTrigAll01');
		const wrong = await post(
			webhook('walkme-all-events', '?secret=not-the-secret'),
			surveyEvent(2),
		);
		const missing = await post(webhook('walkme-all-events'), surveyEvent(3));
		const wrongHeader = await post(webhook('walkme-all-events'), surveyEvent(4), {
			'X-WalkMe-Secret': `${SECRET}x`,
		});
		for (const answer of [wrong, missing, wrongHeader]) {
			expect(answer.status).toBe(401);
			expect(JSON.parse(answer.body)).toEqual({
				received: false,
				started: false,
				message: 'Unauthorized: this WalkMe webhook needs its secret',
			});
		}
		expect(await sinkHolds(0)).toHaveLength(0);
		expect(await executions('walkmeTrigAll01')).toBe(before);
	});

	describe.each(FAIL_CLOSED)('fails closed when $case', ({ workflowId, webhookId, credential }) => {
		it('a call without the secret, or with the one the credential held, gets no 2xx and starts nothing; the log says why', async () => {
			const before = await executions(workflowId);
			const answers = [
				await post(webhook(webhookId), surveyEvent(20)),
				await post(webhook(webhookId, `?secret=${SECRET}`), surveyEvent(21)),
				await post(webhook(webhookId, '?secret='), surveyEvent(22)),
			];
			for (const answer of answers) {
				expect(answer.status).toBe(500);
				expect(JSON.parse(answer.body)).toEqual({
					received: false,
					started: false,
					message:
						'This WalkMe webhook is set up with a secret that n8n cannot check, ' +
						'so it accepts no call. Nothing was started; the n8n log says why.',
				});
				expect(answer.body).not.toContain(SECRET);
			}
			expect(await sinkHolds(0)).toHaveLength(0);
			expect(await executions(workflowId)).toBe(before);
			expect(server.log).toContain(
				`refused a call: its secret credential "${credential.name}" cannot be checked because`,
			);
			expect(server.log).not.toContain(SECRET);
		});
	});

	it.each([
		['text/plain', 'text/plain'],
		['application/octet-stream', 'application/octet-stream'],
		['no content type', undefined],
	])('an event whose JSON is sent as %s starts one execution', async (_case, contentType) => {
		const before = await executions('walkmeTrigFilter');
		const body = JSON.stringify({
			type: 'ShoutOut',
			event: 'Click',
			'wm.euId': 'typed@example.com',
		});
		const answer = await send(webhook('walkme-filtered'), {
			body: contentType ? body : new TextEncoder().encode(body),
			contentType,
		});
		expect(answer).toEqual({ status: 200, body: { received: true, started: true, events: 1 } });
		const [event] = await sinkHolds(1);
		expect(sink.received).toHaveLength(1);
		expect(event.walkme).toMatchObject({
			itemType: 'ShoutOut',
			event: 'Click',
			userId: 'typed@example.com',
		});
		expect(await executions('walkmeTrigFilter')).toBe(before + 1);
	});

	it.each([
		[
			'an empty body',
			{ body: '', contentType: 'application/json' },
			400,
			'The request body is empty. WalkMe Insights sends each event as a JSON object; nothing was started.',
		],
		[
			'an empty list',
			{ body: '[]', contentType: 'application/json' },
			400,
			'The request body is an empty list: it holds no event; nothing was started.',
		],
		[
			'a list holding no objects',
			{ body: '[1,"x",null]', contentType: 'application/json' },
			400,
			'Entries 1 (number), 2 (text), 3 (null) of the list are not event objects. Every entry must be a JSON object; nothing was started.',
		],
		[
			'a body that is not JSON',
			{ body: 'ShoutOut clicked', contentType: 'text/plain' },
			400,
			'The request body is not JSON (Content-Type: text/plain). WalkMe Insights sends each event as a JSON object; nothing was started.',
		],
		[
			'an empty object',
			{ body: '{}', contentType: 'application/json' },
			422,
			"Event 1 carries no properties. Tick the event's properties in the Insights webhook; nothing was started.",
		],
		[
			'an event that does not say which event happened',
			{ body: '{"wm.euId":"ana@example.com"}', contentType: 'application/json' },
			422,
			'Event 1 does not say which WalkMe event happened: send its name in the field ' +
				'"event", or set the trigger\'s option "Event of This Webhook"; nothing was started.',
		],
		[
			'a GET carrying only the secret',
			{ method: 'GET' },
			400,
			"The call carries no event: a GET must carry the event's properties in its query; nothing was started.",
		],
	])(
		'%s is refused with a 4xx that says why, and starts nothing',
		async (_case, init, status, message) => {
			const before = await executions('walkmeTrigAll01');
			const answer = await send(webhook('walkme-all-events', `?secret=${SECRET}`), init);
			expect(answer).toEqual({ status, body: { received: false, started: false, message } });
			expect(await sinkHolds(0)).toHaveLength(0);
			expect(await executions('walkmeTrigAll01')).toBe(before);
		},
	);

	it('an event the filters leave out answers 200 and starts nothing; one they let through starts one', async () => {
		const before = await executions('walkmeTrigFilter');
		const filtered = await post(webhook('walkme-filtered'), surveyEvent(5));
		expect(filtered.status).toBe(200);
		expect(JSON.parse(filtered.body)).toEqual({
			received: true,
			started: false,
			reason: "Survey: Submitted is not among the trigger's Item Types",
		});
		expect(await sinkHolds(0)).toHaveLength(0);
		expect(await executions('walkmeTrigFilter')).toBe(before);
		const passed = await post(webhook('walkme-filtered'), {
			type: 'ShoutOut',
			event: 'Click',
			'wm.euId': 'zoe@example.com',
		});
		expect(JSON.parse(passed.body)).toMatchObject({ started: true });
		expect(await sinkHolds(1)).toHaveLength(1);
		expect(await executions('walkmeTrigFilter')).toBe(before + 1);
	});

	it('an event missing from the catalog starts one execution with category "unknown" (or none when dropped)', async () => {
		await post(webhook('walkme-all-events', `?secret=${SECRET}`), {
			type: 'ShoutOut',
			event: 'Dance',
			'wm.euId': 'kim@example.com',
		});
		const [event] = await sinkHolds(1);
		expect(sink.received).toHaveLength(1);
		expect(event.walkme).toMatchObject({
			itemType: 'ShoutOut',
			event: 'Dance',
			category: 'unknown',
			definition: null,
		});
		sink.received.length = 0;
		const dropped = await post(webhook('walkme-known-only'), { type: 'ShoutOut', event: 'Dance' });
		expect(JSON.parse(dropped.body)).toMatchObject({ started: false });
		await post(webhook('walkme-known-only'), {
			type: 'Launcher',
			event: 'Click',
			'wm.euId': 'kim@example.com',
			'env.browser.name': 'Chrome',
		});
		const [known] = await sinkHolds(1);
		expect(sink.received).toHaveLength(1);
		expect(known).toMatchObject({
			wm: { euId: 'kim@example.com' },
			env: { browser: { name: 'Chrome' } },
			walkme: { itemType: 'Launcher', event: 'Click' },
		});
	});

	it('a burst of 200 events, 20 at a time: exactly 200 executions, none lost, none doubled', async () => {
		const before = await executions('walkmeTrigAll01');
		const url = webhook('walkme-all-events', `?secret=${SECRET}`);
		for (let start = 0; start < 200; start += 20) {
			const answers = await Promise.all(
				Array.from({ length: 20 }, (_, offset) => post(url, surveyEvent(1000 + start + offset))),
			);
			expect(answers.every((answer) => answer.status === 200)).toBe(true);
		}
		const received = await sinkHolds(200, 3000);
		expect(received).toHaveLength(200);
		expect(new Set(received.map((event) => event.oId)).size).toBe(200);
		expect(await executions('walkmeTrigAll01')).toBe(before + 200);
	});

	it('runs the example: a survey respondent is added to the segment', async () => {
		emulator.clearLog();
		const example = loadExamples().find(({ workflow }) => isTriggerWorkflow(workflow))
			?.workflow as Record<string, unknown>;
		const answer = await post(`${triggerUrl(server.baseUrl, example)}?secret=${SECRET}`, {
			'wm.euId': 'respondent@example.com',
			oName: 'NPS Q4',
			created_at: Date.now(),
		});
		expect(answer.status).toBe(200);
		await waitUntil(() => emulator.requests('segments').length > 0, {
			timeoutMs: 30000,
			intervalMs: 100,
		});
		expect(
			emulator
				.requests('segments')
				.map((request) => [request.method, request.status, request.body]),
		).toEqual([['PUT', 200, { action: 'add', userIds: ['respondent@example.com'] }]]);
		expect(
			emulator.segments(SYSTEM_GUID).find((segment) => segment.guid === RESPONDENTS_SEGMENT)?.users,
		).toEqual(['respondent@example.com']);
	});
});
