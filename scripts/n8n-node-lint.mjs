// Runs n8n's own `n8n-node lint` (strict mode: the default eslint config, unchanged) over what n8n's
// verification lints from the GitHub source: package.json, nodes/ and credentials/. It runs in a
// copy holding only those, because the default config lints every .ts file below it, and the
// test, benchmark and script code is Node tooling that uses what the community rules forbid in a
// node (timers, fs, child processes).
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const staging = mkdtempSync(path.join(root, '.n8n-node-lint-'));
try {
	for (const file of ['package.json', 'tsconfig.json', 'eslint.config.mjs'])
		copyFileSync(path.join(root, file), path.join(staging, file));
	for (const folder of ['nodes', 'credentials'])
		cpSync(path.join(root, folder), path.join(staging, folder), { recursive: true });
	symlinkSync(path.join(root, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
	const cli = path.join(root, 'node_modules', '@n8n', 'node-cli', 'bin', 'n8n-node.mjs');
	const result = spawnSync(process.execPath, [cli, 'lint'], {
		cwd: staging,
		stdio: 'inherit',
		env: { ...process.env, CI: 'true' },
	});
	process.exitCode = result.status ?? 1;
} finally {
	rmSync(staging, { recursive: true, force: true });
}
