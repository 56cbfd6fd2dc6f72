/** End-to-end tests: the packed package inside a real n8n. Run after `npm run build`. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', {}] },
	// The first run installs n8n (minutes); every n8n command then takes a few seconds.
	testTimeout: 15 * 60 * 1000,
	maxWorkers: 1,
};
