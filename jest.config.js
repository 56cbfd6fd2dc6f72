/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// e2e tests drive a real n8n and have their own command (npm run test:e2e).
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/queue/', '/test/ui/'],
	transform: { '^.+\\.ts$': ['ts-jest', {}] },
	testTimeout: 60000,
	setupFiles: ['<rootDir>/test/setup-env.js'],
};
