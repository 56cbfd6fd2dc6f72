import { WalkMeEmulator } from '../../dev/emulator/server';
import { SYSTEM_GUID, walkMeCredential } from '../../dev/walkme';
import { credentials as credentialStore, runNode } from '../../dev/workflow';
import { emulatorPerFile } from '../helpers/emulators';

const emulator = emulatorPerFile(new WalkMeEmulator());

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
						// The emulator's own key for all five: one API key, so one token.
						credentials: walkMeCredential(emulator, { clientId: emulator.clientId }),
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

describe('one token per credential at its first use, with requests in parallel', () => {
	afterEach(() => (credentialStore.databaseLatencyMs = 0));

	it('20 fresh credentials, each sending 10 notifications 5 at a time, ask WalkMe for one token each', async () => {
		// As in n8n, where each request reads the credential from the database and the token is saved
		// after the request that fetched it: calls read the credential while the token is being saved.
		credentialStore.databaseLatencyMs = 2;
		const clients = Array.from({ length: 20 }, () => walkMeCredential(emulator));
		const runs = await Promise.all(
			clients.map(
				async (credential, run) =>
					await runNode({
						nodeType: 'walkMeNotification',
						credentials: credential,
						items: Array.from({ length: 10 }, (_, index) => ({
							email: `user${run}-${index}@example.com`,
						})),
						parameters: {
							resource: 'notification',
							operation: 'send',
							systemId: 'bcf4c7f5682b4aa6875a0fc9bdfa21ca',
							templateId: '1e5afe51-2d2a-4b22-a60a-cf2d6c01d726',
							endUsersIds: '={{ $json.email }}',
							runtimeTitle: 'Welcome',
							options: { requestsInParallel: 5 },
						},
					}),
			),
		);
		expect(runs.map((run) => run.error?.message)).toEqual(runs.map(() => undefined));
		expect(runs.map((run) => run.output.length)).toEqual(runs.map(() => 10));
		expect(emulator.requests('notifications')).toHaveLength(200);
		const tokensPerClient = new Map<string, number>();
		for (const request of emulator.requests('token')) {
			const basic = Buffer.from(String(request.authorization).slice('Basic '.length), 'base64');
			const clientId = basic.toString().split(':')[0];
			tokensPerClient.set(clientId, (tokensPerClient.get(clientId) ?? 0) + 1);
		}
		const clientIds = clients.map((credential) => {
			const id = credential.walkMeOAuth2Api.id;
			return String(credentialStore.store.get(id)?.clientId);
		});
		expect(clientIds.map((clientId) => tokensPerClient.get(clientId))).toEqual(
			clientIds.map(() => 1),
		);
	});
});
