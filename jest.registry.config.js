/**
 * The package installed by name from a registry through n8n's own install: npm run test:registry,
 * which runs it inside scripts/private-network.sh (as root), after npm run build.
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/registry'],
	testMatch: ['**/*.registry.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', {}] },
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
};
