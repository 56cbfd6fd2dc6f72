import { ScimEmulator } from '../../dev/emulator/scim';
import type { RunningN8n } from '../../dev/host';
import {
	EXAMPLE_CREDENTIALS,
	EXAMPLE_SYSTEM_GUID,
	N8nHost,
	ensureN8nInstalled,
	exampleCredential,
	freePort,
	loadExamples,
	ownerRequest,
	stopServer,
} from '../../dev/host';

// The WalkMe User node in a real n8n: the HR example run by `n8n execute`, and the SCIM credential's
// Test through n8n's own credential test, against the SCIM emulator.
let host: N8nHost;
let scim: ScimEmulator;

/** The credentials the Test is run on, by id (n8n tests only a credential the user may read). */
function testCredentials(): Record<string, Record<string, string>> {
	return {
		[EXAMPLE_CREDENTIALS.walkMeScimApi.id]: scim.credentialData('basic'),
		scimBearer00000001: scim.credentialData('bearer'),
		scimWrongToken0001: { ...scim.credentialData('bearer'), token: 'wrong' },
		scimWrongPath00001: { ...scim.credentialData('basic'), baseUrl: `${scim.baseUrl}/scim/v1` },
		scimNoPassword0001: { ...scim.credentialData('basic'), password: '' },
	};
}

beforeAll(async () => {
	host = new N8nHost(ensureN8nInstalled());
	host.installPackageFromTarball();
	scim = await new ScimEmulator().start();
	await host.importCredentials([
		exampleCredential('walkMeScimApi', scim.credentialData()),
		...Object.entries(testCredentials())
			.filter(([id]) => id !== EXAMPLE_CREDENTIALS.walkMeScimApi.id)
			.map(([id, data]) => ({ id, name: id, type: 'walkMeScimApi', data })),
	]);
	await host.importWorkflows(
		loadExamples()
			.map(({ workflow }) => workflow)
			.filter((workflow) => workflow.id === 'walkmeExUsersHr01'),
	);
}, 600000);

afterAll(async () => {
	await scim?.stop();
	host?.dispose();
});

async function credentialTest(server: RunningN8n, id: string) {
	const { status, body } = await ownerRequest(server, 'POST', '/credentials/test', {
		credentials: { id, name: id, type: 'walkMeScimApi', data: testCredentials()[id] },
	});
	expect({ status, body }).toMatchObject({ status: 200 });
	return (body as { data: { status: string; message: string } }).data;
}

describe('WalkMe User in a real n8n', () => {
	it('runs the HR example: new hires created, a changed role patched, a rehire reactivated, leavers found and deactivated', async () => {
		const systems = [EXAMPLE_SYSTEM_GUID];
		scim.addUser({
			userName: 'ana@company.example',
			accessRole: 'contentEditor',
			allowedSystems: systems,
		});
		scim.addUser({
			userName: 'li@company.example',
			givenName: 'Li',
			familyName: 'Wei',
			accessRole: 'contentEditor',
			allowedSystems: systems,
		});
		scim.addUser({ userName: 'sam@company.example' });
		scim.addUser({ userName: 'kim@company.example' });
		// A rehire: WalkMe holds Eli's account, deactivated when Eli left before.
		const eli = scim.addUser({
			userName: 'eli@company.example',
			givenName: 'Eli',
			familyName: 'Cohen',
			accessRole: 'contentEditor',
			allowedSystems: systems,
			active: false,
		});
		const onboarding = scim.addGroup('Onboarding');
		const execution = await host.execute('walkmeExUsersHr01');
		expect({ code: execution.code, log: execution.code === 0 ? '' : execution.stdout }).toEqual({
			code: 0,
			log: '',
		});
		const output = (node: string) =>
			(execution.resultData?.runData[node]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
		expect(output('Create or update staff').map((user) => [user.userName, user.result])).toEqual([
			['ana@company.example', 'updated'],
			['li@company.example', 'unchanged'],
			['noa@company.example', 'created'],
			['raj@company.example', 'created'],
			['eli@company.example', 'reactivated'],
		]);
		// Reactivated in one PATCH of `active` alone: the rest of Eli's account was as HR has it.
		const eliPatches = scim.log.filter(
			(request) => request.method === 'PATCH' && request.path.endsWith(`/Users/${eli.id}`),
		);
		expect(eliPatches.map((request) => request.body)).toEqual([
			{
				schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
				Operations: [{ op: 'replace', path: 'active', value: true }],
			},
		]);
		expect(scim.users.get(eli.id)?.active).toBe(true);
		// New hires and the rehire join the onboarding group, each in one read and one PATCH.
		const joiners = ['noa', 'raj', 'eli'].map(
			(name) => scim.findUser(`${name}@company.example`)?.id as string,
		);
		expect(
			output('Add joiners to onboarding').map((group) => [group.id, group.usersAdded]),
		).toEqual(joiners.map((id) => [onboarding.id, [id]]));
		expect(
			scim.groups
				.get(onboarding.id)
				?.members.map((member) => member.value)
				.sort(),
		).toEqual([...joiners].sort());
		expect(output('Deactivate leaver').map((user) => [user.userName, user.active])).toEqual([
			['sam@company.example', false],
			['kim@company.example', false],
		]);
		expect(scim.findUser('ana@company.example')).toMatchObject({
			accessRole: 'publisher',
			name: { givenName: 'Ana', familyName: 'Lima' },
		});
		expect(scim.findUser('noa@company.example')).toMatchObject({
			accessRole: 'contentEditor',
			allowedSystems: systems,
			active: true,
		});
		expect(JSON.stringify(execution.resultData)).not.toContain(scim.password);
	});

	it("tests the credential through n8n's Test: Basic and Bearer pass; a wrong secret and a wrong URL say what to fix; nothing changes", async () => {
		const server = await host.startServer(await freePort());
		try {
			scim.clearLog();
			const usersBefore = JSON.stringify([...scim.users.values()]);
			expect(await credentialTest(server, EXAMPLE_CREDENTIALS.walkMeScimApi.id)).toMatchObject({
				status: 'OK',
			});
			expect(await credentialTest(server, 'scimBearer00000001')).toMatchObject({ status: 'OK' });
			expect(await credentialTest(server, 'scimWrongToken0001')).toEqual({
				status: 'Error',
				message:
					"WalkMe refused the SCIM credentials (HTTP 401): copy them again from the SCIM integration in WalkMe's Admin Center",
			});
			expect(await credentialTest(server, 'scimWrongPath00001')).toEqual({
				status: 'Error',
				message:
					"No SCIM service answered at this SCIM Base URL: copy the URL from the SCIM integration in WalkMe's Admin Center",
			});
			expect(await credentialTest(server, 'scimNoPassword0001')).toMatchObject({ status: 'Error' });
			// One request per Test; the empty password never left n8n.
			expect(scim.log.map((request) => `${request.path} ${request.status}`)).toEqual([
				'/deepui/api/scim/v2/ServiceProviderConfig 200',
				'/deepui/api/scim/v2/ServiceProviderConfig 200',
				'/deepui/api/scim/v2/ServiceProviderConfig 401',
				'/scim/v1/ServiceProviderConfig 404',
			]);
			expect(JSON.stringify([...scim.users.values()])).toBe(usersBefore);
		} finally {
			await stopServer(server);
		}
	});
});
