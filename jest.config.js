/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// e2e, queue, UI and registry tests drive a real n8n and have their own commands.
	testPathIgnorePatterns: [
		'/node_modules/',
		'/test/e2e/',
		'/test/queue/',
		'/test/ui/',
		'/test/registry/',
	],
	transform: { '^.+\\.ts$': ['ts-jest', {}] },
	testTimeout: 60000,
	setupFiles: ['<rootDir>/test/setup-env.js'],
};
