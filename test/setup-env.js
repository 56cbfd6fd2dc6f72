// n8n's logger prints every node error; the tests assert on those errors instead.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';
// n8n-core keeps its instance settings (an encryption key) under N8N_USER_FOLDER, by default the
// user's home: tests keep theirs in a temporary folder instead.
if (!process.env.N8N_USER_FOLDER) {
	const path = require('node:path');
	const folder = path.join(require('node:os').tmpdir(), 'n8n-nodes-walkme-tests');
	require('node:fs').mkdirSync(folder, { recursive: true });
	process.env.N8N_USER_FOLDER = folder;
}
