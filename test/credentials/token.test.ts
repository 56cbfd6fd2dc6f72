import type { WalkMeEmulator } from '../emulator/server';
import { SYSTEM_GUID, startEmulator, walkMeCredential } from '../helpers/walkme';
import { runNode } from '../helpers/workflow';

let emulator: WalkMeEmulator;
beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => await emulator.stop());
beforeEach(() => emulator.reset());

const getMany = {
	resource: 'segment',
	operation: 'getAll',
	systemGuid: SYSTEM_GUID,
	returnAll: true,
};

describe('one token for executions that start together', () => {
	it('five executions that all find no token share one token request', async () => {
		emulator.addSegment(SYSTEM_GUID, 'Customers');
		emulator.injectFault({ pathIncludes: '/connect/token', delayMs: 200 });
		const runs = await Promise.all(
			Array.from(
				{ length: 5 },
				async () =>
					await runNode({
						nodeType: 'walkMeSegment',
						credentials: walkMeCredential(emulator),
						parameters: getMany,
					}),
			),
		);
		expect(runs.map((run) => run.error?.message)).toEqual([
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
		]);
		expect(runs.map((run) => run.output.length)).toEqual([1, 1, 1, 1, 1]);
		expect(emulator.requests('token')).toHaveLength(1);
	});

	it('after the token expires, a new one is fetched (not the refused one handed back)', async () => {
		const credential = walkMeCredential(emulator);
		expect(
			(await runNode({ nodeType: 'walkMeSegment', credentials: credential, parameters: getMany }))
				.error,
		).toBeUndefined();
		emulator.expireTokens();
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: credential,
			parameters: getMany,
		});
		expect(error).toBeUndefined();
		expect(emulator.requests('token')).toHaveLength(2);
		expect(emulator.requests('segments').map((request) => request.status)).toEqual([200, 401, 200]);
	});
});
