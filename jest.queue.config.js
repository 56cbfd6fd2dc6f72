/** n8n's queue mode with real Redis and PostgreSQL: npm run test:queue (run after npm run build). */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', {}] },
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
};
