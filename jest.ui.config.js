/** n8n's editor in headless Chromium (Debian's), driven by playwright-core: npm run test:ui. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.ui.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', {}] },
	testTimeout: 5 * 60 * 1000,
	maxWorkers: 1,
};
