/**
 * The pinned n8n's setup script (scripts/setup-n8n.sh) repairs a cached install whose sqlite3
 * driver is gone. It works on a copy of the cached install (hard links, sqlite3 copied for real), so
 * that the n8n of the e2e files running beside this one keeps its driver.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { N8nHost, ensureN8nInstalled, loadExamples } from '../../dev/host';
import { expectSuccess } from '../helpers/execution';

const PERMALINK_EXAMPLE = 'walkmeExPermalink';

let host: N8nHost;

beforeAll(async () => {
	host = new N8nHost(ensureN8nInstalled());
	host.installPackageFromTarball();
	await host.importWorkflows(
		loadExamples()
			.map(({ workflow }) => workflow)
			.filter((workflow) => workflow.id === PERMALINK_EXAMPLE),
	);
});

afterAll(() => host?.dispose());

const sqlite3 = (installDir: string) => path.join(installDir, 'node_modules', 'sqlite3');

describe('the pinned n8n setup', () => {
	it("detects a cached n8n whose sqlite3 build is gone and repairs it, even under npm run's ignore-scripts", async () => {
		const cache = mkdtempSync(path.join(tmpdir(), 'walkme-n8n-cache-'));
		const copy = path.join(cache, path.basename(host.installDir));
		try {
			execFileSync('cp', ['-al', host.installDir, copy]);
			// sqlite3 copied for real and without its build, which the repair then writes anew.
			const sharedBuild = path.join(sqlite3(host.installDir), 'build');
			rmSync(sqlite3(copy), { recursive: true, force: true });
			cpSync(sqlite3(host.installDir), sqlite3(copy), {
				recursive: true,
				filter: (source) => source !== sharedBuild,
			});
			const build = path.join(sqlite3(copy), 'build');
			expect(existsSync(build)).toBe(false);
			const script = path.join(__dirname, '..', '..', 'scripts', 'setup-n8n.sh');
			const setup = spawnSync('bash', [script], {
				// What `npm run …` exports from the project's .npmrc, which once made the rebuild a silent no-op.
				env: { ...process.env, npm_config_ignore_scripts: 'true', N8N_NODES_WALKME_CACHE: cache },
				encoding: 'utf8',
			});
			expect(setup.status).toBe(0);
			expect(setup.stderr).toContain(
				"failed its check (n8n's sqlite3 driver does not load under Node",
			);
			expect(setup.stderr).toContain('repairing it');
			expect(setup.stdout.trim().split('\n').pop()).toBe(copy);
			expect(existsSync(path.join(build, 'Release', 'node_sqlite3.node'))).toBe(true);
			// The repaired copy runs a workflow of this package.
			expectSuccess(await new N8nHost(copy, host.userFolder).execute(PERMALINK_EXAMPLE));
		} finally {
			rmSync(cache, { recursive: true, force: true });
		}
	});
});
