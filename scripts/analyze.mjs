// Runs `analyzePackage` from @n8n/scan-community-package the way n8n's verification does: on the
// source tree (package.json, nodes/, credentials/) and on the unpacked `npm pack` tarball.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

async function check(label, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	if (!result.passed) {
		console.error(`analyzePackage FAILED on ${label}: ${result.message}\n${result.details ?? ''}`);
		return false;
	}
	console.log(`analyzePackage passed on ${label}`);
	return true;
}

const work = mkdtempSync(path.join(tmpdir(), 'walkme-pack-'));
try {
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
	const unpacked = path.join(work, 'package');
	execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work]);
	const ok =
		(await check('the repository source', root, SOURCE_FILE_PATTERNS)) &&
		(await check(`the packed tarball ${tarball}`, unpacked, ['**/*.js', 'package.json']));
	process.exitCode = ok ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
