// n8n's community-node rules, exactly as `@n8n/scan-community-package` builds them for n8n's
// verification, applied to the package's own source; test, bench and script code is plain Node.
import { buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';

const scan = await buildScanConfig();

export default [
	{ ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'test/**', 'bench/**', 'scripts/**', 'examples/**', '*.config.js', 'gulpfile.js', 'index.js', 'eslint.config.mjs'] },
	...scan,
];
