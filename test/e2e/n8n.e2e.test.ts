import path from 'node:path';

import { readNetworkCode } from '../../nodes/shared/transport/failures';
import { OpenDialogEmulator } from '../../dev/emulator/openDialog';
import { WalkMeEmulator } from '../../dev/emulator/server';
import {
	EXAMPLE_CREDENTIALS,
	N8nHost,
	PACKAGE_NAME,
	ensureN8nInstalled,
	firstOutput,
	freePort,
	loadExamples,
	nodeError,
	stopServer,
} from '../../dev/host';
import { expectSuccess } from '../helpers/execution';

const SYSTEM_GUID = '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9';
const TOKEN_REUSE_CREDENTIAL = { id: 'walkmeTokenReuse', name: 'WalkMe (token reuse)' };
// API keys with one API turned on each, and one with a wrong secret, for the credential Test.
const KEYS = {
	segmentsOnly: {
		id: 'walkmeSegmentsOnly',
		name: 'WalkMe (Segments only)',
		clientId: 'segments-only',
		clientSecret: 'segments-secret',
		scopes: ['segments:read', 'segments:write'],
	},
	notificationsOnly: {
		id: 'walkmeNotifyOnly',
		name: 'WalkMe (Notifications only)',
		clientId: 'notify-only',
		clientSecret: 'notify-secret',
		scopes: ['notifications:write'],
	},
	wrongSecret: {
		id: 'walkmeWrongSecret',
		name: 'WalkMe (wrong secret)',
		clientId: 'emulator-client-id',
		clientSecret: 'not-the-secret',
		scopes: [],
	},
};

let host: N8nHost;
let emulator: WalkMeEmulator;
let openDialog: OpenDialogEmulator;
let tarballFiles: string[];

function walkMeCredential(
	details: { id: string; name: string },
	overrides: Record<string, string> = {},
) {
	return {
		id: details.id,
		name: details.name,
		type: 'walkMeOAuth2Api',
		data: { ...emulator.credentialData(), ...overrides },
	};
}

const WRONG_TOKEN = {
	id: 'opendialogWrongTkn',
	name: 'OpenDialog (wrong token)',
	apiToken: 'not-the-token',
};

function openDialogCredential(details: { id: string; name: string; apiToken?: string }) {
	const data = openDialog.credentialData();
	return {
		id: details.id,
		name: details.name,
		type: 'openDialogApi',
		data: { ...data, apiToken: details.apiToken ?? data.apiToken },
	};
}

/** Runs n8n's own credential Test (POST /rest/credentials/test) on a running n8n. */
async function credentialTest(
	server: { baseUrl: string; cookie: string },
	credential: Record<string, unknown>,
) {
	const response = await fetch(`${server.baseUrl}/rest/credentials/test`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', cookie: server.cookie },
		body: JSON.stringify({ credentials: credential }),
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { data: { status: string; message: string } }).data;
}

/** The Segment example, renamed and re-pointed, for tests that need their own copy. */
function segmentWorkflow(
	id: string,
	changes: {
		credential?: { id: string; name: string };
		parameters?: Record<string, unknown>;
		contacts?: number;
	},
) {
	const example = loadExamples().find(({ file }) => file.includes('segment'))?.workflow as {
		nodes: Array<Record<string, any>>;
	};
	const workflow = JSON.parse(JSON.stringify(example));
	workflow.id = id;
	workflow.name = id;
	const node = workflow.nodes.find(
		(n: { type: string }) => n.type === `${PACKAGE_NAME}.walkMeSegment`,
	);
	Object.assign(node.parameters, changes.parameters ?? {});
	if (changes.credential) node.credentials = { walkMeOAuth2Api: changes.credential };
	if (changes.contacts !== undefined) {
		const source = workflow.nodes.find((n: { type: string }) => n.type === 'n8n-nodes-base.code');
		source.parameters.jsCode =
			`return Array.from({ length: ${changes.contacts} }, (_, i) ` +
			`=> ({ json: { email: 'user' + i + '@crm.example' } }));`;
	}
	return workflow;
}

beforeAll(async () => {
	const installDir = ensureN8nInstalled();
	host = new N8nHost(installDir);
	tarballFiles = host.installPackageFromTarball().files;
	emulator = await new WalkMeEmulator().start();
	openDialog = await new OpenDialogEmulator().start();
	emulator.addApiKey(
		KEYS.segmentsOnly.clientId,
		KEYS.segmentsOnly.clientSecret,
		KEYS.segmentsOnly.scopes,
	);
	emulator.addApiKey(
		KEYS.notificationsOnly.clientId,
		KEYS.notificationsOnly.clientSecret,
		KEYS.notificationsOnly.scopes,
	);
	await host.importCredentials([
		walkMeCredential(EXAMPLE_CREDENTIALS.walkMeOAuth2Api),
		walkMeCredential(TOKEN_REUSE_CREDENTIAL),
		...Object.values(KEYS).map((key) =>
			walkMeCredential(key, { clientId: key.clientId, clientSecret: key.clientSecret }),
		),
		openDialogCredential(EXAMPLE_CREDENTIALS.openDialogApi),
		openDialogCredential(WRONG_TOKEN),
	]);
	await host.importWorkflows([
		...loadExamples().map(({ workflow }) => workflow),
		segmentWorkflow('walkmeTokenReuse', {
			credential: TOKEN_REUSE_CREDENTIAL,
			parameters: { name: 'Token reuse' },
		}),
		segmentWorkflow('walkmeBadInput01', { parameters: { systemGuid: 'not-a-guid' }, contacts: 3 }),
		segmentWorkflow('walkmeWrongApi01', { credential: KEYS.notificationsOnly, contacts: 3 }),
	]);
});

afterAll(async () => {
	await emulator?.stop();
	await openDialog?.stop();
	host?.dispose();
});

describe('the package in a real n8n', () => {
	it('packs only what a user needs', () => {
		const unexpected = tarballFiles.filter(
			(file) =>
				!/^package\/(dist\/.+\.(js|json|svg)|README\.md|LICENSE\.md|package\.json|index\.js)$/.test(
					file,
				),
		);
		expect(unexpected).toEqual([]);
		expect(tarballFiles).toEqual(
			expect.arrayContaining(['package/README.md', 'package/LICENSE.md', 'package/package.json']),
		);
		expect(tarballFiles.some((file) => file.endsWith('.map') || file.endsWith('.ts'))).toBe(false);
	});

	it('loads every node and credential from the tarball, with no error in its log', async () => {
		const { nodes, credentials, log } = await host.loadedTypes(await freePort());
		const pkg = require('../../package.json') as {
			n8n: { nodes: string[]; credentials: string[] };
		};
		const expectedNodes = pkg.n8n.nodes.map(
			(file) => `${PACKAGE_NAME}.${lowerFirst(file.split('/').pop()!.replace('.node.js', ''))}`,
		);
		const expectedCredentials = pkg.n8n.credentials.map((file) =>
			lowerFirst(file.split('/').pop()!.replace('.credentials.js', '')),
		);
		expect(nodes).toEqual(expect.arrayContaining(expectedNodes));
		expect(credentials).toEqual(expect.arrayContaining(expectedCredentials));
		// n8n's cache folder is named after this package too; only lines about the package itself count.
		const ourErrors = log
			.split(host.installDir)
			.join('<n8n>')
			.split('\n')
			.filter((line) => /error|fail|warn/i.test(line) && /walkme/i.test(line));
		expect(ourErrors).toEqual([]);
	});

	it('runs the Segment example: 50,000 CRM contacts mirrored into a segment', async () => {
		emulator.clearLog();
		const execution = await host.execute('walkmeExSegment1');
		expectSuccess(execution);
		const output = firstOutput(execution, 'Mirror into segment');
		expect(output).toMatchObject({
			name: 'Customers',
			usersReceived: 50001,
			duplicatesRemoved: 1,
			usersSent: 50000,
		});
		const customers = emulator
			.segments(SYSTEM_GUID)
			.find((segment) => segment.name === 'Customers');
		expect(customers?.users).toHaveLength(50000);
		expect(customers?.users).toContain('customer11@crm.example');
		expect(emulator.requests('segments').map((r) => r.userCount ?? 0)).toEqual([0, 25000, 25000]);
	});

	it('runs the Permalink example: campaign and attribute links, checked by Parse', async () => {
		const execution = await host.execute('walkmeExPermalink');
		expectSuccess(execution);
		const items = execution.resultData?.runData['Check links']?.[0]?.data?.main?.[0] ?? [];
		expect(items).toHaveLength(3);
		const app = '6773869e-781c-419f-8b09-32055a2a22d6';
		expect(items[1].json).toMatchObject({
			email: 'li@example.com',
			campaignLink: `com.walkme.${app}://1.0/trigger_campaign/spring%20sale?deeplink=walkme.testme://samples`,
			attributesLink: `com.walkme.${app}://1.0/set_user_attribute?firstName=Li&city=Tel%20Aviv%20%26%20Jaffa`,
			checked: {
				kind: 'setUserAttributes',
				appKey: app,
				attributes: { firstName: 'Li', city: 'Tel Aviv & Jaffa' },
			},
		});
		expect((items[2].json.checked as { attributes: unknown }).attributes).toEqual({
			firstName: 'Zoë',
			city: 'Zürich',
		});
	});

	it('makes one token request in total for two executions with the same credential', async () => {
		emulator.clearLog();
		expectSuccess(await host.execute('walkmeTokenReuse'));
		expectSuccess(await host.execute('walkmeTokenReuse'));
		expect(emulator.requests('token')).toHaveLength(1);
		// The second run overrode the segment the first created, with the stored token.
		expect(emulator.requests('segments').map((r) => r.method)).toEqual([
			'GET',
			'POST',
			'PUT',
			'GET',
			'PUT',
			'PUT',
		]);
		expect(emulator.requests('segments').every((r) => r.status < 300)).toBe(true);
	});

	it('runs the Notification example: each lead owner notified with their own overrides', async () => {
		emulator.reset();
		const execution = await host.execute('walkmeExNotify01');
		expectSuccess(execution);
		const items = execution.resultData?.runData['Notify owner']?.[0]?.data?.main?.[0] ?? [];
		expect(
			items.map((item) => (item.json.deliveries as Array<{ status: string }>)[0].status),
		).toEqual(['delivered', 'delivered', 'delivered']);
		expect(items.map((item) => item.json.runtimeTitle)).toEqual([
			'New lead: Acme renewal',
			'New lead: Globex upsell',
			'New lead: Initech pilot',
		]);
		// Sent in parallel, so WalkMe receives them in any order; the output keeps the input's.
		const received = emulator.notifications.map((n) => n.notification as { runtimeTitle: string });
		expect(received.sort((a, b) => a.runtimeTitle.localeCompare(b.runtimeTitle))).toEqual([
			expect.objectContaining({
				systemId: 'bcf4c7f5682b4aa6875a0fc9bdfa21ca',
				templateId: '75cfcba6-c320-42cb-938e-4c2bd08a43a3',
				endUsersIds: ['ana@company.example'],
				notificationType: 'Push',
				runtimeTitle: 'New lead: Acme renewal',
				override: [
					{ key: 'OPP_NAME_ATTRIBUTE', value: 'Acme renewal' },
					{ key: 'URL', value: 'https://crm.example/lead/1001' },
				],
			}),
			expect.objectContaining({
				endUsersIds: ['li@company.example'],
				runtimeTitle: 'New lead: Globex upsell',
			}),
			expect.objectContaining({
				endUsersIds: ['zoe@company.example'],
				runtimeTitle: 'New lead: Initech pilot',
			}),
		]);
		expect(emulator.requests('token')).toHaveLength(1);
	});

	it(
		"tests the credential through n8n's own Test: passes for a " +
			'Segments-only and a Notifications-only key, fails for a wrong secret',
		async () => {
			const server = await host.startServer(await freePort());
			try {
				const test = async (key: (typeof KEYS)[keyof typeof KEYS]) =>
					await credentialTest(
						server,
						walkMeCredential(key, { clientId: key.clientId, clientSecret: key.clientSecret }),
					);
				emulator.clearLog();
				expect(await test(KEYS.segmentsOnly)).toMatchObject({ status: 'OK' });
				expect(await test(KEYS.notificationsOnly)).toMatchObject({ status: 'OK' });
				const wrong = await test(KEYS.wrongSecret);
				expect(wrong.status).toBe('Error');
				expect(wrong.message).toContain(
					'WalkMe did not issue a token (HTTP 401, invalid_client: Client authentication failed)',
				);
				expect(wrong.message).toContain('Check the client ID, the client secret and the region');
				// Each Test really asked WalkMe: the two good keys got tokens, the wrong secret was refused.
				expect(emulator.requests('token').map((r) => r.status)).toEqual(
					expect.arrayContaining([200, 401]),
				);
			} finally {
				await stopServer(server);
			}
		},
	);

	it('runs the Webchat Deep Link example: a personalised link per CRM contact', async () => {
		openDialog.reset();
		const execution = await host.execute('walkmeExDeepLink');
		expectSuccess(execution);
		const items = execution.resultData?.runData['Chat links']?.[0]?.data?.main?.[0] ?? [];
		expect(items.map((item) => item.json.webchatUserId)).toEqual(['c-1001', 'c-1002', 'c-1003']);
		expect(items.map((item) => item.json.webchatUrl)).toEqual(
			openDialog.contexts.map((context) => context.url),
		);
		expect(openDialog.contexts[0].attributes).toEqual({
			name: 'Ana Lima',
			email: 'ana@example.com',
			account_type: 'premium',
			products: ['analytics', 'workstation'],
		});
		expect(openDialog.contexts[2].attributes).toMatchObject({ name: 'Zoë Keller', products: [] });
		expect(openDialog.requests('deepLink')).toHaveLength(1);
	});

	it("tests the OpenDialog credential through n8n's own Test: the right token passes, a wrong one fails, nothing is created", async () => {
		const server = await host.startServer(await freePort());
		try {
			openDialog.reset();
			expect(
				await credentialTest(server, openDialogCredential(EXAMPLE_CREDENTIALS.openDialogApi)),
			).toMatchObject({ status: 'OK' });
			const wrong = await credentialTest(server, openDialogCredential(WRONG_TOKEN));
			expect(wrong).toEqual({
				status: 'Error',
				message:
					"OpenDialog refused the API token (401 Unauthenticated.): copy it again from the workspace's Identity & Security page",
			});
			const unreachable = await credentialTest(server, {
				...openDialogCredential(EXAMPLE_CREDENTIALS.openDialogApi),
				data: { baseUrl: `http://127.0.0.1:${await freePort()}`, apiToken: 'x' },
			});
			expect(unreachable.status).toBe('Error');
			expect(unreachable.message).not.toBe(wrong.message);
			expect(openDialog.requests('deepLink').map((request) => request.status)).toEqual([422, 401]);
			expect(openDialog.contexts).toHaveLength(0);
		} finally {
			await stopServer(server);
		}
	});

	it('tells a user whose key lacks the Segments API which API to turn on', async () => {
		emulator.clearLog();
		const execution = await host.execute('walkmeWrongApi01');
		expect(execution.code).not.toBe(0);
		expect(nodeError(execution, 'Mirror into segment')?.message).toMatch(
			/^WalkMe answered 403 to list the segments of the system/,
		);
		expect(execution.stdout).toContain('turn on Segments API');
		expect(emulator.requests('segments').filter((r) => r.method !== 'GET')).toHaveLength(0);
	});

	it("shows the node's own error message for bad input, and sends nothing", async () => {
		emulator.clearLog();
		const execution = await host.execute('walkmeBadInput01');
		expect(execution.code).not.toBe(0);
		expect(nodeError(execution, 'Mirror into segment')?.message).toBe(
			'System GUID in item 0 is not a GUID: "not-a-guid"',
		);
		expect(execution.stdout).toContain('System GUID in item 0 is not a GUID');
		expect(emulator.requests('segments')).toHaveLength(0);
	});
});

describe("the pinned n8n's error wrapping", () => {
	it('a refused connection, wrapped as this n8n wraps a failed credentialed call, still reads as refused (never sent)', async () => {
		// httpRequestWithAuthentication throws `new NodeApiError(node, axiosError)` on both lines; n8n 1.x
		// drops the wrapped error, which once made a refused connection look like one that may have acted.
		const installed = (name: string) =>
			require(path.join(host.installDir, 'node_modules', name)) as Record<string, any>;
		const { NodeApiError } = installed('n8n-workflow');
		const axios = installed('axios').default ?? installed('axios');
		const closedPort = await freePort();
		const refused: unknown = await axios({
			method: 'POST',
			url: `http://127.0.0.1:${closedPort}/public/v1/notifications/send`,
		}).catch((error: unknown) => error);
		const node = {
			id: 'n',
			name: 'Notify owner',
			type: `${PACKAGE_NAME}.walkMeNotification`,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const wrapped = new NodeApiError(node, refused);
		expect(readNetworkCode(wrapped)).toBe('ECONNREFUSED');
	});
});

function lowerFirst(text: string): string {
	return text.charAt(0).toLowerCase() + text.slice(1);
}
