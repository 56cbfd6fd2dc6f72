/**
 * The WalkMe Trigger beside n8n's own Webhook node with header auth, in the pinned real n8n
 * (`n8n start`, workflows activated), each in front of the same downstream node. A burst of 300
 * events, 30 at a time, goes to each, in alternating rounds so that neither gets a quieter machine;
 * the time to each answer is what a sender (WalkMe Insights, which waits about 5 s) feels.
 *
 * Known gap: n8n 2.41 acquires an expression isolate for every webhook call except those to its
 * own Webhook node (live-webhooks.js, webhookPhaseNeedsIsolate), which costs every other trigger,
 * its own included, several ms of CPU a call; at 30 at a time on 2 cores that shows as ~1.5×.
 */
import {
	EXAMPLE_WEBHOOK_SECRET,
	N8nHost,
	chainWorkflow,
	freePort,
	stopServer,
	waitForWebhook,
} from '../dev/host';

const EVENTS = 300;
const AT_ONCE = 30;
const WARM_UP_ROUNDS = 2;
const TARGET_RATIO = 1.2;
const SECRET_HEADER = 'X-WalkMe-Secret';

const TRIGGER_CREDENTIAL = { id: 'benchTriggerSecret', name: 'Bench trigger secret' };
const HEADER_CREDENTIAL = { id: 'benchHeaderAuth01', name: 'Bench header auth' };

function workflow(id: string, entry: Record<string, unknown>) {
	return chainWorkflow(id, [
		{ name: 'Receive', ...entry },
		{ name: 'Downstream', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	]);
}

const event = (n: number) => ({
	type: 'Survey',
	event: 'Submitted',
	oId: n,
	oName: 'NPS Q4',
	'wm.euId': `user${n}@example.com`,
	created_at: 1795000000000 + n,
});

async function round(url: string, from: number): Promise<{ ms: number[]; failed: number }> {
	const answers = await Promise.all(
		Array.from({ length: AT_ONCE }, async (_, offset) => {
			const started = performance.now();
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', [SECRET_HEADER]: EXAMPLE_WEBHOOK_SECRET },
				body: JSON.stringify(event(from + offset)),
			});
			await response.arrayBuffer();
			return { ms: performance.now() - started, ok: response.status === 200 };
		}),
	);
	return {
		ms: answers.map((answer) => answer.ms),
		failed: answers.filter((answer) => !answer.ok).length,
	};
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function runTriggerComparison(
	n8nDir: string,
): Promise<{ lines: string[]; problems: string[]; summary: Record<string, unknown> }> {
	process.stderr.write(
		`▸ Real n8n: ${EVENTS} events, ${AT_ONCE} at a time, WalkMe Trigger vs n8n's Webhook node with header auth\n`,
	);
	const host = new N8nHost(n8nDir);
	const server = { current: undefined as Awaited<ReturnType<N8nHost['startServer']>> | undefined };
	try {
		host.installPackageFromTarball();
		await host.importCredentials([
			{ ...TRIGGER_CREDENTIAL, type: 'walkMeWebhookApi', data: { secret: EXAMPLE_WEBHOOK_SECRET } },
			{
				...HEADER_CREDENTIAL,
				type: 'httpHeaderAuth',
				data: { name: SECRET_HEADER, value: EXAMPLE_WEBHOOK_SECRET },
			},
		]);
		const workflows = [
			workflow('benchTrigger0001', {
				type: 'n8n-nodes-walkme.walkMeTrigger',
				typeVersion: 1.1,
				webhookId: 'bench-walkme-trigger',
				parameters: { options: { authHeader: SECRET_HEADER } },
				credentials: { walkMeWebhookApi: TRIGGER_CREDENTIAL },
			}),
			workflow('benchWebhook0001', {
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: 'bench-n8n-webhook',
				parameters: {
					httpMethod: 'POST',
					path: 'bench-n8n-webhook',
					authentication: 'headerAuth',
					responseMode: 'onReceived',
					options: {},
				},
				credentials: { httpHeaderAuth: HEADER_CREDENTIAL },
			}),
		];
		await host.importWorkflows(workflows);
		for (const { id } of workflows) await host.activate(String(id));
		server.current = await host.startServer(await freePort());
		const urls = {
			trigger: `${server.current.baseUrl}/webhook/bench-walkme-trigger/walkme`,
			webhook: `${server.current.baseUrl}/webhook/bench-n8n-webhook`,
		};
		await waitForWebhook(urls.trigger);
		await waitForWebhook(urls.webhook, 60000, 'POST');

		const times = { trigger: [] as number[], webhook: [] as number[] };
		let failed = 0;
		for (let n = 0; n < WARM_UP_ROUNDS; n++)
			for (const url of Object.values(urls))
				failed += (await round(url, -1000 - n * AT_ONCE)).failed;
		for (let from = 0; from < EVENTS; from += AT_ONCE) {
			// Alternating which goes first keeps either from always meeting the other's leftover work.
			const order =
				(from / AT_ONCE) % 2 === 0
					? (['trigger', 'webhook'] as const)
					: (['webhook', 'trigger'] as const);
			for (const which of order) {
				const result = await round(urls[which], from);
				times[which].push(...result.ms);
				failed += result.failed;
			}
		}

		const stats = (values: number[]) => ({
			median: percentile(values, 50),
			p95: percentile(values, 95),
		});
		const trigger = stats(times.trigger);
		const webhook = stats(times.webhook);
		const ratio = { median: trigger.median / webhook.median, p95: trigger.p95 / webhook.p95 };
		const ms = (value: number) => `${value.toFixed(1)} ms`;
		const met = ratio.median <= TARGET_RATIO && ratio.p95 <= TARGET_RATIO;
		const lines = [
			`Real n8n ${host.n8nVersion}, ${EVENTS} events to each, ${AT_ONCE} at a time (answer time as the sender sees it):`,
			`  WalkMe Trigger (secret):           median ${ms(trigger.median)}, p95 ${ms(trigger.p95)}`,
			`  n8n Webhook node (header auth):    median ${ms(webhook.median)}, p95 ${ms(webhook.p95)}`,
			`  ${met ? '✓' : '✗'} trigger / Webhook node: median ${ratio.median.toFixed(2)}×, ` +
				`p95 ${ratio.p95.toFixed(2)}× (target: both within ${TARGET_RATIO}×)`,
		];
		const problems =
			failed > 0 ? [`trigger comparison: ${failed} calls were not answered 200`] : [];
		return {
			lines,
			problems,
			summary: { events: EVENTS, atOnce: AT_ONCE, trigger, webhook, ratio, failed },
		};
	} finally {
		if (server.current) await stopServer(server.current);
		host.dispose();
	}
}
