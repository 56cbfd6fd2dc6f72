import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ROOT } from '../../dev/host';

/**
 * Where the suites write what docs/ shows (the editor's screenshots, the tool schemas n8n offers):
 * docs/ itself under `npm run docs` (WALKME_REGENERATE_DOCS=1, on the pinned n8n), else a scratch
 * folder, so that running a suite leaves the work tree as it was.
 */
export function docsFolder(...below: string[]): string {
	const root =
		process.env.WALKME_REGENERATE_DOCS === '1'
			? path.join(ROOT, 'docs')
			: path.join(tmpdir(), 'n8n-nodes-walkme-docs');
	const folder = path.join(root, ...below);
	mkdirSync(folder, { recursive: true });
	return folder;
}
