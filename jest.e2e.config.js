/** End-to-end tests: the packed package inside a real n8n. Run after `npm run build`. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', {}] },
	// The first run installs n8n (minutes); every n8n command then takes a few seconds.
	testTimeout: 15 * 60 * 1000,
	// Two files at a time, longest first (see the sequencer). They share only the cached n8n install,
	// which none of them changes (the test of its repair works on a copy).
	maxWorkers: 2,
	testSequencer: '<rootDir>/test/e2e/sequencer.js',
};
