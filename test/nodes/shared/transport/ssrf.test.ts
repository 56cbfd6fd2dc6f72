import '../../../helpers/ssrfProtectionOn';

import { OpenDialogEmulator } from '../../../../dev/emulator/openDialog';
import { WalkMeEmulator } from '../../../../dev/emulator/server';
import { openDialogCredential, walkMeCredential } from '../../../../dev/walkme';
import { emulatorPerFile } from '../../../helpers/emulators';
import { runNode } from '../../../../dev/workflow';

// n8n's own SSRF protection, on with its default list, refuses the emulators on 127.0.0.1 before
// anything is sent. The errors must say so, and claim nothing about what the API may have done.
const walkMe = emulatorPerFile(new WalkMeEmulator());
const openDialog = emulatorPerFile(new OpenDialogEmulator());

const SETTINGS = /N8N_SSRF_ALLOWED_HOSTNAMES .*N8N_SSRF_ALLOWED_IP_RANGES/;
const notification = {
	resource: 'notification',
	operation: 'send',
	systemId: 'bcf4c7f5682b4aa6875a0fc9bdfa21ca',
	templateId: '1e5afe51-2d2a-4b22-a60a-cf2d6c01d726',
	endUsersIds: '={{ $json.email }}',
	runtimeTitle: 'Welcome',
};
const emails = [{ email: 'a@example.com' }, { email: 'b@example.com' }];

describe("requests n8n's SSRF protection refuses are reported as not sent", () => {
	it('Notification, at the token request: n8n refused it, nothing was sent, the settings named', async () => {
		const { error } = await runNode({
			nodeType: 'walkMeNotification',
			credentials: walkMeCredential(walkMe),
			items: emails,
			parameters: notification,
		});
		expect(error?.message).toMatch(
			/^n8n's SSRF protection refused to send the request to WalkMe; nothing was sent\b/,
		);
		expect(error?.description).toContain(
			'n8n refused to send the token request to http://127.0.0.1',
		);
		expect(error?.description).toContain('resolves to a restricted IP address');
		expect(error?.description).toMatch(SETTINGS);
		expect(`${error?.message} ${error?.description}`).not.toMatch(
			/may have|could not be reached|region/,
		);
		expect(walkMe.requests()).toHaveLength(0);
	});

	it('Notification with a token, On Error → Continue: each item "failed", none "may have been delivered"', async () => {
		const { output, error } = await runNode({
			nodeType: 'walkMeNotification',
			credentials: walkMeCredential(walkMe, { accessToken: 'a-token-n8n-saved-earlier' }),
			items: emails,
			parameters: notification,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.error)).toEqual([
			"n8n's SSRF protection refused to send the request to WalkMe; nothing was sent",
			"n8n's SSRF protection refused to send the request to WalkMe; nothing was sent",
		]);
		expect(JSON.stringify(output)).not.toMatch(/may have/);
		expect(walkMe.requests()).toHaveLength(0);
	});

	it('Webchat Deep Link: n8n refused it; no word of OpenDialog having created contexts', async () => {
		const { error } = await runNode({
			nodeType: 'walkMeWebchatDeepLink',
			credentials: openDialogCredential(openDialog),
			items: [
				{ id: 'user_1', name: 'Ada' },
				{ id: 'user_2', name: 'Grace' },
			],
			parameters: {
				resource: 'deepLink',
				operation: 'generate',
				scenarioId: 'customer_support',
				userId: '={{ $json.id }}',
				attributeSource: 'fields',
				attributeFields: 'name',
			},
		});
		expect(error?.message).toMatch(
			/^n8n's SSRF protection refused to send the request to OpenDialog; nothing was sent\b/,
		);
		expect(error?.description).toMatch(SETTINGS);
		expect(`${error?.message} ${error?.description}`).not.toMatch(/may have|twice/);
		expect(openDialog.requests()).toHaveLength(0);
	});
});
