import { OpenDialogEmulator } from '../../dev/emulator/openDialog';
import { WalkMeEmulator } from '../../dev/emulator/server';
import type { Execution } from '../../dev/host';
import {
	N8nHost,
	ensureN8nInstalled,
	exampleCredential,
	loadExamples,
	nodeError,
} from '../../dev/host';

// n8n's SSRF protection, on with its default block list (loopback and private ranges), in a real
// n8n: it refuses the emulators on 127.0.0.1 before anything is sent, and the nodes must say so.
// n8n 1.x has no SSRF protection: nothing to check there.
const onPinnedLine = process.env.N8N_LINE === '1' ? describe.skip : describe;
let host: N8nHost;
let walkMe: WalkMeEmulator;
let openDialog: OpenDialogEmulator;

const SETTINGS = /N8N_SSRF_ALLOWED_HOSTNAMES .*N8N_SSRF_ALLOWED_IP_RANGES/;

beforeAll(async () => {
	if (process.env.N8N_LINE === '1') return;
	host = new N8nHost(ensureN8nInstalled());
	host.installPackageFromTarball();
	// Whatever the run's profile allows, the default block list with nothing allowed.
	host.extraEnv = { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '' };
	walkMe = await new WalkMeEmulator().start();
	openDialog = await new OpenDialogEmulator().start();
	await host.importCredentials([
		exampleCredential('walkMeOAuth2Api', walkMe.credentialData()),
		exampleCredential('openDialogApi', openDialog.credentialData()),
	]);
	await host.importWorkflows(
		loadExamples()
			.map(({ workflow }) => workflow)
			.filter((workflow) => ['walkmeExNotify01', 'walkmeExDeepLink'].includes(String(workflow.id))),
	);
});

afterAll(async () => {
	await walkMe?.stop();
	await openDialog?.stop();
	host?.dispose();
});

function failureOf(execution: Execution, node: string): { message: string; description: string } {
	const error = nodeError(execution, node) as { message: string; description?: string } | undefined;
	if (!error) throw new Error(`${node} did not fail:\n${execution.stdout.slice(-2000)}`);
	return { message: error.message, description: error.description ?? '' };
}

onPinnedLine("with n8n's SSRF protection on, a refused request is reported as not sent", () => {
	it('Notification: n8n refused the token request; nothing reached WalkMe; the settings are named', async () => {
		const execution = await host.execute('walkmeExNotify01');
		const { message, description } = failureOf(execution, 'Notify owner');
		expect(message).toMatch(
			/^n8n's SSRF protection refused to send the request to WalkMe; nothing was sent\b/,
		);
		expect(description).toContain('n8n refused to send the token request');
		expect(description).toContain('restricted IP address');
		expect(description).toMatch(SETTINGS);
		expect(`${message} ${description}`).not.toMatch(/may have|could not be reached|region/);
		expect(walkMe.requests()).toHaveLength(0);
	});

	it('Webchat Deep Link: n8n refused it; no word of OpenDialog having created contexts', async () => {
		const execution = await host.execute('walkmeExDeepLink');
		const { message, description } = failureOf(execution, 'Chat links');
		expect(message).toMatch(
			/^n8n's SSRF protection refused to send the request to OpenDialog; nothing was sent\b/,
		);
		expect(description).toMatch(SETTINGS);
		expect(`${message} ${description}`).not.toMatch(/may have|twice/);
		expect(openDialog.requests()).toHaveLength(0);
	});

	it('with 127.0.0.0/8 in N8N_SSRF_ALLOWED_IP_RANGES, both run', async () => {
		host.extraEnv = {
			N8N_SSRF_PROTECTION_ENABLED: 'true',
			N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.0/8',
		};
		for (const id of ['walkmeExNotify01', 'walkmeExDeepLink']) {
			const execution = await host.execute(id);
			expect({ id, code: execution.code, error: execution.resultData?.error }).toEqual({
				id,
				code: 0,
				error: undefined,
			});
		}
		expect(walkMe.notifications).toHaveLength(3);
		expect(openDialog.requests('deepLink')).toHaveLength(1);
	});
});
