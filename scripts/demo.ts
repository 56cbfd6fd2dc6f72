/**
 * `npm run demo`: the package in a real n8n against the WalkMe emulator. Installs the pinned n8n
 * (once), installs this package from its tarball, creates credentials pointing at the emulator,
 * imports every workflow in examples/, runs each with `n8n execute`, and says what each did.
 * `npm run dev`: the same setup, then the n8n editor at http://localhost:5678.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { OpenDialogEmulator } from '../dev/emulator/openDialog';
import { ScimEmulator } from '../dev/emulator/scim';
import { WalkMeEmulator } from '../dev/emulator/server';
import type { Execution } from '../dev/host';
import {
	EXAMPLE_CREDENTIALS,
	EXAMPLE_RESPONDENTS_SEGMENT,
	EXAMPLE_SYSTEM_GUID,
	EXAMPLE_INTEGRATION_TOKEN,
	EXAMPLE_MCP_TOKEN,
	EXAMPLE_WEBHOOK_SECRET,
	N8nHost,
	OWNER,
	PACKAGE_NAME,
	ROOT,
	ensureN8nInstalled,
	exampleCredential,
	freePort,
	isMcpWorkflow,
	isPollingWorkflow,
	isTriggerWorkflow,
	loadExamples,
	mcpUrl,
	portInUse,
	stopServer,
	triggerUrl,
	waitForWebhook,
} from '../dev/host';
import { connectMcp, toolText } from '../dev/mcp';
import { waitUntil } from '../dev/waitUntil';

const dev = process.argv.includes('--dev');
const say = (line: string) => process.stdout.write(`${line}\n`);

interface NodeRun {
	name: string;
	type: string;
	items: Array<{ json: Record<string, unknown> }>;
	error?: string;
}

function walkMeRuns(
	execution: Execution,
	workflow: { nodes: Array<{ name: string; type: string }> },
): NodeRun[] {
	return workflow.nodes
		.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`))
		.map((node) => {
			const task = execution.resultData?.runData[node.name]?.[0];
			return {
				name: node.name,
				type: node.type.slice(PACKAGE_NAME.length + 1),
				items: task?.data?.main?.[0] ?? [],
				error: task?.error?.message,
			};
		});
}

function describeRun(
	run: NodeRun,
	emulator: WalkMeEmulator,
	openDialog: OpenDialogEmulator,
	scim: ScimEmulator,
): string {
	if (run.error) return `${run.name}: FAILED — ${run.error}`;
	if (run.type === 'walkMeUser' && run.items.some((item) => 'displayName' in item.json)) {
		const groups = run.items.map((item) => {
			const added = (item.json.usersAdded as string[] | undefined)?.length;
			const members = (item.json.members as unknown[] | undefined)?.length ?? 0;
			const change = added === undefined ? '' : `, ${added} added`;
			return `${String(item.json.displayName)} (${members} member(s)${change})`;
		});
		return `${run.name}: ${groups.join('; ')}`;
	}
	if (run.type === 'walkMeUser') {
		const results = run.items.map((item) =>
			String(item.json.result ?? (item.json.active === false ? 'deactivated' : 'found')),
		);
		const counts = [...new Set(results)].map(
			(result) => `${results.filter((r) => r === result).length} ${result}`,
		);
		const active = [...scim.users.values()].filter((user) => user.active).length;
		return (
			`${run.name}: ${counts.join(', ')} (${run.items.map((item) => String(item.json.userName)).join(', ')}); ` +
			`WalkMe holds ${active} active of ${scim.users.size} user(s); ${scim.requests().length} SCIM request(s) in this workflow`
		);
	}
	if (run.type === 'walkMeSegment') {
		const out = run.items[0]?.json ?? {};
		const stored = emulator
			.segments(String(out.systemGuid))
			.find((segment) => segment.guid === out.segmentGuid);
		const tokens = emulator.requests('token').length;
		const verb = out.created ? 'created and now holds' : 'now holds';
		return (
			`Segment '${String(out.name)}' ${verb} ${(stored?.users.length ?? 0).toLocaleString('en-US')} users — ` +
			`${tokens === 0 ? 'token reused from the earlier run' : `${tokens} token request${tokens === 1 ? '' : 's'}`}, ` +
			`${String(out.requests)} segment requests ` +
			`(${(out.chunks as unknown[]).length} write${(out.chunks as unknown[]).length === 1 ? '' : 's'} of up to 25,000 users) ` +
			`from ${Number(out.usersReceived).toLocaleString('en-US')} contacts (${String(out.duplicatesRemoved)} duplicate dropped)`
		);
	}
	if (run.type === 'walkMeNotification') {
		const deliveries = run.items.flatMap(
			(item) =>
				(item.json.deliveries as Array<{ status: string; endUsers: number }> | undefined) ?? [],
		);
		const delivered = deliveries.filter((delivery) => delivery.status === 'delivered');
		const users = delivered.reduce((sum, delivery) => sum + delivery.endUsers, 0);
		const received = emulator.notifications.length;
		// The first item's, since requests go out in parallel and reach WalkMe in any order.
		const first = (
			run.items[0]?.json.deliveries as Array<{ notification?: Record<string, unknown> }> | undefined
		)?.[0]?.notification;
		return (
			`${run.name}: ${delivered.length} notification(s) delivered to ${users} end user(s) in Workstation ` +
			`(WalkMe received ${received}; none sent twice)` +
			(first
				? `, e.g. "${String(first.runtimeTitle ?? first.templateId)}" to ` +
					`${String((first.endUsersIds as string[] | undefined)?.[0] ?? 'an audience')}`
				: '')
		);
	}
	if (run.type === 'walkMeWebchatDeepLink') {
		const linked = run.items.filter((item) => typeof item.json.webchatUrl === 'string');
		const requests = openDialog.requests('deepLink').length;
		const first = linked[0]?.json;
		return (
			`${run.name}: ${linked.length} personalised webchat link(s) from ${requests} ` +
			`request(s); OpenDialog holds ${openDialog.contexts.length} user context(s)` +
			(first ? `, e.g. ${String(first.webchatUserId)} → ${String(first.webchatUrl)}` : '')
		);
	}
	if (run.type === 'walkMeEndUser') {
		const requests = run.items.filter((item) => item.json.status === 'accepted');
		const users = requests.reduce((sum, item) => sum + Number(item.json.users), 0);
		const [email, attributes] = [...emulator.endUsers.entries()][0] ?? ['', {}];
		return (
			`${run.name}: attributes of ${users} user(s) accepted in ${requests.length} request(s) of up to 100; ` +
			`WalkMe holds e.g. ${email} → ${JSON.stringify(attributes)}`
		);
	}
	if (run.type === 'walkMeActivityTrigger') {
		const first = run.items[0]?.json ?? {};
		return (
			`${run.name}: ${run.items.length} event(s) from the activity log, ` +
			`e.g. ${String(first.userEmail)} — ${String(first.actionDisplayName)}`
		);
	}
	if (run.type === 'walkMePermalink') {
		const first = run.items[0]?.json ?? {};
		const added = Object.keys(first).pop() as string;
		const value = typeof first[added] === 'string' ? first[added] : JSON.stringify(first[added]);
		return `${run.name}: ${run.items.length.toLocaleString('en-US')} item(s) got "${added}", e.g. ${String(value)}`;
	}
	return `${run.name}: ${run.items.length.toLocaleString('en-US')} item(s)`;
}

/**
 * What the HR example's WalkMe account holds before it runs: Ana with an older role, Li as HR has
 * her, the two who left, Eli's account, deactivated when Eli left before (Eli is rehired), and the
 * onboarding group that joiners go to.
 */
function seedScimUsers(scim: ScimEmulator): void {
	const systems = [EXAMPLE_SYSTEM_GUID];
	scim.addUser({
		userName: 'ana@company.example',
		givenName: 'Ana',
		familyName: 'Lima',
		accessRole: 'contentEditor',
		allowedSystems: systems,
	});
	scim.addUser({
		userName: 'li@company.example',
		givenName: 'Li',
		familyName: 'Wei',
		accessRole: 'contentEditor',
		allowedSystems: systems,
	});
	scim.addUser({
		userName: 'sam@company.example',
		givenName: 'Sam',
		familyName: 'Berg',
		accessRole: 'contentEditor',
		allowedSystems: systems,
	});
	scim.addUser({
		userName: 'kim@company.example',
		givenName: 'Kim',
		familyName: 'Ito',
		accessRole: 'publisher',
		allowedSystems: systems,
	});
	scim.addUser({
		userName: 'eli@company.example',
		givenName: 'Eli',
		familyName: 'Cohen',
		accessRole: 'contentEditor',
		allowedSystems: systems,
		active: false,
	});
	scim.addGroup('Onboarding');
}

/** The editor's port for `npm run dev`: N8N_PORT, else n8n's usual 5678. */
async function editorPort(): Promise<number> {
	const port = Number(process.env.N8N_PORT ?? 5678);
	if (await portInUse(port)) {
		throw new UserFacingError(
			`Port ${port} is already in use (another n8n?). Stop it, or choose another port: N8N_PORT=5680 npm run dev`,
		);
	}
	return port;
}

class UserFacingError extends Error {}

async function main(): Promise<number> {
	const port = dev ? await editorPort() : 0;
	say('▸ Preparing n8n (the first run installs it, about 6 minutes; later runs reuse it)');
	const installDir = ensureN8nInstalled();
	const userFolder = dev ? path.join(ROOT, '.e2e', 'n8n-user') : undefined;
	if (userFolder) mkdirSync(userFolder, { recursive: true });
	const host = new N8nHost(installDir, userFolder);
	// A free port: the credential is created pointing at wherever the emulator listens.
	const emulator = await new WalkMeEmulator().start();
	const openDialog = await new OpenDialogEmulator().start();
	const scim = await new ScimEmulator().start();
	try {
		say(`▸ Installing ${PACKAGE_NAME} from its npm tarball into n8n (${host.userFolder})`);
		host.installPackageFromTarball();
		say(
			`▸ WalkMe emulator at ${emulator.baseUrl}; creating credential "${EXAMPLE_CREDENTIALS.walkMeOAuth2Api.name}" (region Custom)`,
		);
		say(
			`▸ OpenDialog emulator at ${openDialog.baseUrl}; creating credential "${EXAMPLE_CREDENTIALS.openDialogApi.name}"`,
		);
		say(
			`▸ WalkMe SCIM emulator at ${scim.scimBaseUrl}; creating credential "${EXAMPLE_CREDENTIALS.walkMeScimApi.name}"`,
		);
		await host.importCredentials([
			exampleCredential('walkMeScimApi', scim.credentialData()),
			exampleCredential('walkMeOAuth2Api', emulator.credentialData()),
			exampleCredential('openDialogApi', openDialog.credentialData()),
			exampleCredential('walkMeWebhookApi', { secret: EXAMPLE_WEBHOOK_SECRET }),
			exampleCredential('httpBearerAuth', { token: EXAMPLE_MCP_TOKEN }),
			exampleCredential('walkMeEndUserUpdateApi', { integrationToken: EXAMPLE_INTEGRATION_TOKEN }),
		]);
		emulator.addIntegration(EXAMPLE_INTEGRATION_TOKEN, 'email');
		// What the activity example's trigger finds when it is run from here (its test run).
		emulator.addActivity({
			timestamp: Date.now() - 5 * 60000,
			userEmail: 'ana@company.example',
			actionType: 'publish',
			actionDisplayName: 'Publish',
			actionDescription: 'Published 3 items to production',
		});
		emulator.addSegment(
			EXAMPLE_SYSTEM_GUID,
			'Survey respondents',
			[],
			null,
			EXAMPLE_RESPONDENTS_SEGMENT,
		);
		seedScimUsers(scim);
		const examples = loadExamples();
		say(
			`▸ Importing ${examples.length} example workflow(s) from examples/; activating the trigger example(s)`,
		);
		await host.importWorkflows(examples.map(({ workflow }) => workflow));
		const served = examples.filter(
			({ workflow }) =>
				isTriggerWorkflow(workflow) || isMcpWorkflow(workflow) || isPollingWorkflow(workflow),
		);
		for (const { workflow } of served) await host.activate(String(workflow.id));

		if (dev) {
			say(`▸ Starting the n8n editor on 127.0.0.1:${port}`);
			const server = await host.startServer(port, { inheritOutput: true });
			say('');
			say(`n8n editor:      http://localhost:${port}`);
			say(
				`  sign in as:    ${OWNER.email} / ${OWNER.password}  (a local owner account set up for you)`,
			);
			say(
				`WalkMe emulator: ${emulator.baseUrl} — client ID ${emulator.clientId}, secret ${emulator.clientSecret}`,
			);
			say(`OpenDialog emulator: ${openDialog.baseUrl} — API token ${openDialog.apiToken}`);
			say(
				`WalkMe SCIM emulator: ${scim.scimBaseUrl} — Basic ${scim.username} / ${scim.password}, or Bearer ${scim.token}`,
			);
			for (const { workflow } of examples.filter(({ workflow }) => isTriggerWorkflow(workflow))) {
				say(
					`WalkMe Trigger "${String(workflow.name)}" (active): POST an Insights event ` +
						`to ${triggerUrl(server.baseUrl, workflow)}?secret=${EXAMPLE_WEBHOOK_SECRET}`,
				);
			}
			for (const { workflow } of examples.filter(({ workflow }) => isMcpWorkflow(workflow))) {
				say(
					`MCP server "${String(workflow.name)}" (active): ${mcpUrl(server.baseUrl, workflow)} ` +
						`with the header "Authorization: Bearer ${EXAMPLE_MCP_TOKEN}"`,
				);
			}
			say(
				'The example workflows and the credentials "WalkMe (emulator)", "OpenDialog (emulator)" and "WalkMe SCIM (emulator)" are imported. Ctrl+C stops all.',
			);
			const stop = () => void stopServer(server);
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
			await server.closed;
			return 0;
		}

		let failures = 0;
		say('');
		for (const { file, workflow } of examples) {
			emulator.clearLog();
			emulator.notifications.length = 0;
			openDialog.reset();
			scim.clearLog();
			if (isTriggerWorkflow(workflow)) {
				const ok = await runTriggerExample(host, workflow, file, emulator);
				if (!ok) failures++;
				continue;
			}
			if (isPollingWorkflow(workflow)) {
				const ok = await runPollingExample(host, workflow, file, emulator);
				if (!ok) failures++;
				continue;
			}
			if (isMcpWorkflow(workflow)) {
				const ok = await runMcpExample(host, workflow, file, emulator);
				if (!ok) failures++;
				continue;
			}
			const started = Date.now();
			const execution = await host.execute(String(workflow.id));
			const seconds = ((Date.now() - started) / 1000).toFixed(1);
			const runs = walkMeRuns(
				execution,
				workflow as { nodes: Array<{ name: string; type: string }> },
			);
			const failed = execution.code !== 0 || runs.length === 0 || runs.some((run) => run.error);
			if (failed) failures++;
			say(`${failed ? '✗' : '✓'} ${String(workflow.name)}  [${file}, ${seconds} s]`);
			for (const run of runs) say(`    ${describeRun(run, emulator, openDialog, scim)}`);
			if (failed && runs.every((run) => !run.error))
				say(
					`    n8n exited ${execution.code}:\n${execution.stdout.slice(-2000)}\n${execution.stderr.slice(-2000)}`,
				);
		}
		say('');
		say(
			failures === 0
				? `All ${examples.length} example workflow(s) ran in n8n.`
				: `${failures} example workflow(s) failed.`,
		);
		return failures === 0 ? 0 : 1;
	} finally {
		await emulator.stop();
		await openDialog.stop();
		await scim.stop();
		if (!dev) host.dispose();
	}
}

/**
 * A trigger example runs as in production: n8n serves its webhook and the demo calls it as WalkMe
 * Insights would, with a Survey Submitted event, then waits for the workflow's WalkMe call.
 */
async function runTriggerExample(
	host: N8nHost,
	workflow: Record<string, unknown>,
	file: string,
	emulator: WalkMeEmulator,
): Promise<boolean> {
	const server = await host.startServer(await freePort());
	try {
		await waitForWebhook(triggerUrl(server.baseUrl, workflow));
		const respondent = 'respondent@example.com';
		const started = Date.now();
		const response = await fetch(
			`${triggerUrl(server.baseUrl, workflow)}?secret=${EXAMPLE_WEBHOOK_SECRET}`,
			{
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({
					type: 'Survey',
					event: 'Submitted',
					oName: 'NPS Q4',
					'wm.euId': respondent,
					'wm.env': 0,
					created_at: Date.now(),
				}),
			},
		);
		const answeredMs = Date.now() - started;
		await waitUntil(() => emulator.requests('segments').length > 0, {
			timeoutMs: 30000,
			intervalMs: 100,
		});
		const segment = emulator
			.segments(EXAMPLE_SYSTEM_GUID)
			.find((entry) => entry.guid === EXAMPLE_RESPONDENTS_SEGMENT);
		const ok = response.status === 200 && (segment?.users.includes(respondent) ?? false);
		say(
			`${ok ? '✓' : '✗'} ${String(workflow.name)}  [${file}, ${((Date.now() - started) / 1000).toFixed(1)} s]`,
		);
		say(
			`    WalkMe Trigger: a Survey Submitted event POSTed to its production URL was answered ${response.status} in ${answeredMs} ms; ` +
				`the workflow then added ${respondent} to segment '${segment?.name ?? '?'}' (now ${segment?.users.length ?? 0} user(s))`,
		);
		return ok;
	} finally {
		await stopServer(server);
	}
}

/**
 * The activity example runs as in production. n8n 2.x polls when it activates the workflow (at
 * start): a first start sets the trigger's starting point, an event then happens in WalkMe, and the
 * next start's poll picks it up. Under n8n 3.0's durable scheduler (N8N_PROFILE=3.0) polls come
 * only on the schedule, every minute: the first sets the starting point, the event happens a minute
 * after the start, and a later poll picks it up. The demo then reads the execution from n8n.
 */
async function runPollingExample(
	host: N8nHost,
	workflow: Record<string, unknown>,
	file: string,
	emulator: WalkMeEmulator,
): Promise<boolean> {
	const started = Date.now();
	const durable = host.env.N8N_SCHEDULER_POLL_TRIGGERS_ENABLED === 'true';
	const happen = () =>
		emulator.addActivity({
			timestamp: Date.now(),
			userEmail: 'ana@company.example',
			actionType: 'publish',
			actionDisplayName: 'Publish',
			actionDescription: 'Published 3 items to production',
		});
	let event: ReturnType<typeof happen> | undefined;
	let later: NodeJS.Timeout | undefined;
	if (!durable) {
		await stopServer(await host.startActivated(await freePort()));
		event = happen();
		await new Promise((resolve) => setTimeout(resolve, 1100));
	}
	const server = await host.startActivated(await freePort());
	// A minute and 2 s on, the first scheduled poll has set the starting point.
	if (durable) later = setTimeout(() => (event = happen()), 62000);
	try {
		let executions: Array<{ status?: string }> = [];
		await waitUntil(
			async () => {
				const response = await fetch(
					`${server.baseUrl}/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: workflow.id }))}`,
					{ headers: { cookie: server.cookie } },
				);
				const body = (await response.json()) as { data?: { results?: typeof executions } };
				executions = body.data?.results ?? [];
				return executions.some((execution) => execution.status === 'success');
			},
			{ timeoutMs: durable ? 200000 : 30000, intervalMs: 500 },
		);
		const ok = executions.filter((execution) => execution.status === 'success').length === 1;
		say(
			`${ok ? '✓' : '✗'} ${String(workflow.name)}  [${file}, ${((Date.now() - started) / 1000).toFixed(1)} s]`,
		);
		say(
			`    WalkMe Activity Trigger${durable ? " (n8n's durable scheduler)" : ''}: the first poll ` +
				`started from now; a later one found the new event "${event?.actionDescription ?? '(none)'}" ` +
				`by ${event?.userEmail ?? '-'} and ran the workflow ${executions.length} time(s) ` +
				`(${executions.map((execution) => execution.status).join(', ') || 'none'})`,
		);
		return ok;
	} finally {
		clearTimeout(later);
		await stopServer(server);
	}
}

/**
 * The MCP server example runs as an assistant would use it: n8n serves it, and an MCP client (the
 * protocol's official SDK) lists its tools and calls "List segments".
 */
async function runMcpExample(
	host: N8nHost,
	workflow: Record<string, unknown>,
	file: string,
	emulator: WalkMeEmulator,
): Promise<boolean> {
	const server = await host.startServer(await freePort());
	const started = Date.now();
	try {
		const url = mcpUrl(server.baseUrl, workflow);
		await waitForWebhook(url, 60000, 'POST');
		const client = await connectMcp(url, EXAMPLE_MCP_TOKEN);
		try {
			const { tools } = await client.listTools();
			const result = await client.callTool({
				name: 'List_segments',
				arguments: { systemGuid: EXAMPLE_SYSTEM_GUID },
			});
			const listed = emulator.segments(EXAMPLE_SYSTEM_GUID).length;
			const ok = tools.length === 5 && !result.isError && toolText(result).includes('segmentGuid');
			say(
				`${ok ? '✓' : '✗'} ${String(workflow.name)}  [${file}, ${((Date.now() - started) / 1000).toFixed(1)} s]`,
			);
			say(
				`    MCP client at ${url}: ${tools.length} tools (${tools.map((tool) => tool.name).join(', ')}); ` +
					`"List_segments" returned the ${listed} segment(s) of system ${EXAMPLE_SYSTEM_GUID}` +
					(ok ? '' : `: ${toolText(result).slice(0, 500)}`),
			);
			return ok;
		} finally {
			await client.close();
		}
	} finally {
		await stopServer(server);
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		if (error instanceof UserFacingError) {
			process.stderr.write(`${error.message}\n`);
			process.exit(1);
		}
		process.stderr.write(
			`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
