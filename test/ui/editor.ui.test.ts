/**
 * The nodes as people meet them: n8n's editor in a real (headless) Chromium from Debian's packages,
 * driven by playwright-core, against the pinned n8n started as `npm run dev` starts it. Signs in,
 * opens every example workflow and every WalkMe node's panel (a screenshot of each lands in
 * docs/screenshots/), picks a segment from the list the emulator serves, tests the credential in its
 * modal (right and wrong secret), and runs a workflow from the editor.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { OpenDialogEmulator } from '../../dev/emulator/openDialog';
import { ScimEmulator } from '../../dev/emulator/scim';
import { WalkMeEmulator } from '../../dev/emulator/server';
import type { RunningN8n } from '../../dev/host';
import {
	EXAMPLE_CREDENTIALS,
	EXAMPLE_RESPONDENTS_SEGMENT,
	EXAMPLE_SYSTEM_GUID,
	EXAMPLE_INTEGRATION_TOKEN,
	EXAMPLE_WEBHOOK_SECRET,
	N8nHost,
	OWNER,
	PACKAGE_NAME,
	ensureN8nInstalled,
	exampleCredential,
	freePort,
	loadExamples,
	stopServer,
} from '../../dev/host';
import { docsFolder } from '../helpers/docs';

const SCREENSHOTS = docsFolder('screenshots');
const CHROMIUM = '/usr/bin/chromium';
const WRONG_SECRET = { id: 'walkmeWrongSecret', name: 'WalkMe (wrong secret)' };
const PARTIAL_FAILURE_SYSTEM = '0a1b2c3d4e5f40718293a4b5c6d7e8f9';

let host: N8nHost;
let walkMe: WalkMeEmulator;
let openDialog: OpenDialogEmulator;
let scim: ScimEmulator;
let server: RunningN8n;
let browser: Browser;
let page: Page;

/** Chromium from Debian's packages, installed when absent (as root) and checked. */
function ensureChromium(): void {
	if (!existsSync(CHROMIUM)) {
		if (process.getuid?.() !== 0)
			throw new Error("The editor tests need Debian's chromium: apt-get install -y chromium");
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
		execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
			stdio: ['ignore', 'ignore', 'inherit'],
			env,
		});
	}
	if (spawnSync(CHROMIUM, ['--version']).status !== 0)
		throw new Error(`${CHROMIUM} does not answer --version`);
}

const pickerWorkflow = {
	id: 'walkmeUiPicker01',
	name: 'WalkMe: add users to a segment picked from the list',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'ui-1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'ui-2',
			name: 'Add to segment',
			type: `${PACKAGE_NAME}.walkMeSegment`,
			typeVersion: 1,
			position: [240, 0],
			parameters: {
				resource: 'segment',
				operation: 'update',
				systemGuid: EXAMPLE_SYSTEM_GUID,
				segmentId: { __rl: true, mode: 'list', value: '' },
				action: 'add',
				userIdSource: 'parameter',
				userIds: 'ana@example.com',
				options: {},
			},
			credentials: { walkMeOAuth2Api: EXAMPLE_CREDENTIALS.walkMeOAuth2Api },
		},
	],
	connections: { Start: { main: [[{ node: 'Add to segment', type: 'main', index: 0 }]] } },
	pinData: {},
};

/** Three systems, one notification each, one at a time: the second refuses, the third is not sent. */
const partialFailureWorkflow = {
	id: 'walkmeUiPartial01',
	name: 'WalkMe: a notification that fails part-way',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'ui-p1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'ui-p2',
			name: 'Notify three systems',
			type: `${PACKAGE_NAME}.walkMeNotification`,
			typeVersion: 1,
			position: [240, 0],
			parameters: {
				resource: 'notification',
				operation: 'send',
				sendMode: 'perItem',
				templateId: '75cfcba6-c320-42cb-938e-4c2bd08a43a3',
				endUsersIds: 'ana@example.com',
				systemId: [
					'bcf4c7f5682b4aa6875a0fc9bdfa21ca',
					PARTIAL_FAILURE_SYSTEM,
					'11111111222233334444555555555555',
				].join(', '),
				notificationType: 'push',
				options: { requestsInParallel: 1 },
			},
			credentials: { walkMeOAuth2Api: EXAMPLE_CREDENTIALS.walkMeOAuth2Api },
		},
	],
	connections: { Start: { main: [[{ node: 'Notify three systems', type: 'main', index: 0 }]] } },
	pinData: {},
};

const slug = (text: string) =>
	text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');

async function openWorkflow(id: string): Promise<void> {
	await page.goto(`${server.baseUrl}/workflow/${id}`);
	await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 30000 });
}

async function openNode(name: string): Promise<void> {
	await page.dblclick(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	await page.waitForSelector('[data-test-id="ndv"] [data-test-id="node-parameters"]', {
		timeout: 15000,
	});
	await page.waitForTimeout(500);
}

async function closeNode(): Promise<void> {
	await page.click('[data-test-id="ndv-close-button"]');
	await page.waitForSelector('[data-test-id="ndv"]', { state: 'hidden', timeout: 10000 });
}

beforeAll(async () => {
	ensureChromium();
	host = new N8nHost(ensureN8nInstalled());
	host.installPackageFromTarball();
	walkMe = await new WalkMeEmulator().start();
	openDialog = await new OpenDialogEmulator().start();
	scim = await new ScimEmulator().start();
	walkMe.addSegment(
		EXAMPLE_SYSTEM_GUID,
		'Survey respondents',
		[],
		null,
		EXAMPLE_RESPONDENTS_SEGMENT,
	);
	walkMe.addSegment(EXAMPLE_SYSTEM_GUID, 'Trial users', ['a@example.com']);
	walkMe.addSegment(EXAMPLE_SYSTEM_GUID, 'Champions', ['b@example.com']);
	await host.importCredentials([
		exampleCredential('walkMeOAuth2Api', walkMe.credentialData()),
		exampleCredential('walkMeScimApi', scim.credentialData()),
		{
			...WRONG_SECRET,
			type: 'walkMeOAuth2Api',
			data: { ...walkMe.credentialData(), clientSecret: 'not-the-secret' },
		},
		exampleCredential('openDialogApi', openDialog.credentialData()),
		exampleCredential('walkMeWebhookApi', { secret: EXAMPLE_WEBHOOK_SECRET }),
		exampleCredential('walkMeEndUserUpdateApi', { integrationToken: EXAMPLE_INTEGRATION_TOKEN }),
	]);
	await host.importWorkflows([
		...loadExamples().map(({ workflow }) => workflow),
		pickerWorkflow,
		partialFailureWorkflow,
	]);
	server = await host.startServer(await freePort());
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await page.goto(`${server.baseUrl}/signin`);
	await page.fill('#emailOrLdapLoginId', OWNER.email);
	await page.fill('#password', OWNER.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30000 });
}, 600000);

afterAll(async () => {
	await browser?.close();
	if (server) await stopServer(server);
	await walkMe?.stop();
	await openDialog?.stop();
	await scim?.stop();
	host?.dispose();
});

describe("the WalkMe nodes in n8n's editor (headless Chromium)", () => {
	const panels = loadExamples().flatMap(({ workflow }) =>
		(workflow.nodes as Array<{ name: string; type: string }>)
			.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`))
			.map(
				(node) =>
					[String(workflow.id), node.name, node.type.slice(PACKAGE_NAME.length + 1)] as const,
			),
	);

	it.each(panels)(
		'opens %s → "%s" (%s) without an error or an unknown-node notice',
		async (workflowId, nodeName, nodeType) => {
			await openWorkflow(workflowId);
			await openNode(nodeName);
			const panel = await page.locator('[data-test-id="ndv"]').innerText();
			expect(panel).not.toMatch(
				/install this node|not currently installed|unknown node|could not be loaded|problem loading/i,
			);
			expect(
				await page.locator('[data-test-id="ndv"] [data-test-id="parameter-item"]').count(),
			).toBeGreaterThan(1);
			await page.screenshot({ path: path.join(SCREENSHOTS, `${nodeType}-${slug(nodeName)}.png`) });
			await closeNode();
		},
	);

	it("lists the emulator's segments in the Segment node's From List picker", async () => {
		await openWorkflow(pickerWorkflow.id);
		await openNode('Add to segment');
		await page.locator('[data-test-id="ndv"] [data-test-id="rlc-input"]').first().click();
		await page.waitForSelector('text=Trial users', { timeout: 15000 });
		for (const name of ['Champions', 'Survey respondents', 'Trial users'])
			expect(await page.locator(`text=${name}`).count()).toBeGreaterThan(0);
		await page.screenshot({ path: path.join(SCREENSHOTS, 'walkMeSegment-from-list-picker.png') });
		await page.keyboard.press('Escape');
	});

	it("tests the credential in its modal: right secret succeeds, wrong secret fails with WalkMe's reason", async () => {
		await page.goto(`${server.baseUrl}/home/credentials/${EXAMPLE_CREDENTIALS.walkMeOAuth2Api.id}`);
		await page.waitForSelector('[data-test-id="credential-save-button"]', { timeout: 30000 });
		await page.click('[data-test-id="credential-save-button"]');
		await page.waitForSelector('text=Connection tested successfully', { timeout: 30000 });
		await page.screenshot({ path: path.join(SCREENSHOTS, 'credential-test-success.png') });
		await page.goto(`${server.baseUrl}/home/credentials/${WRONG_SECRET.id}`);
		await page.waitForSelector('[data-test-id="credential-save-button"]', { timeout: 30000 });
		await page.click('[data-test-id="credential-save-button"]');
		await page.waitForSelector('text=/Couldn.t connect with these settings/', { timeout: 30000 });
		await page.click('text=More details');
		await page.waitForSelector('text=/WalkMe did not issue a token/', { timeout: 30000 });
		expect(await page.locator('text=/invalid_client/').count()).toBeGreaterThan(0);
		await page.screenshot({ path: path.join(SCREENSHOTS, 'credential-test-wrong-secret.png') });
	});

	it('lists the group lifecycle in the WalkMe User node’s Operation dropdown', async () => {
		await openWorkflow('walkmeExUsersHr01');
		await openNode('Add joiners to onboarding');
		await page.click('[data-test-id="ndv"] [data-test-id="parameter-input-operation"]');
		const options = page.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
		await options.first().waitFor({ timeout: 10000 });
		const names = (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
		expect(names).toEqual(
			expect.arrayContaining(['Add Users', 'Create', 'Delete', 'Remove Users', 'Rename']),
		);
		await page.screenshot({ path: path.join(SCREENSHOTS, 'walkMeUser-group-operations.png') });
		await page.keyboard.press('Escape');
		await closeNode();
	});

	it("runs a workflow from the editor and shows the node's output", async () => {
		await openWorkflow('walkmeExPermalink');
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await page
			.waitForSelector('text=/successfully|Workflow executed/i', { timeout: 60000 })
			.catch(() => undefined);
		await page.waitForTimeout(1500);
		await openNode('Campaign link');
		await page.waitForSelector('[data-test-id="ndv"] >> text=/trigger_campaign/', {
			timeout: 30000,
		});
		await page.screenshot({ path: path.join(SCREENSHOTS, 'walkMePermalink-output-after-run.png') });
		await closeNode();
	});

	it('shows a partial failure as a short headline, with what was delivered and not sent below it', async () => {
		walkMe.injectFault({
			pathIncludes: '/notifications/',
			bodyIncludes: PARTIAL_FAILURE_SYSTEM,
			status: 400,
			body: { message: 'Template is archived' },
		});
		await openWorkflow(partialFailureWorkflow.id);
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await page.waitForTimeout(3000);
		await openNode('Notify three systems');
		const headline = `WalkMe answered 400 to send the notification to system ${PARTIAL_FAILURE_SYSTEM}: Template is archived`;
		await page.waitForSelector(`[data-test-id="ndv"] >> text=${headline}`, { timeout: 30000 });
		await page.waitForSelector('[data-test-id="ndv"] >> text=/Delivered: system bcf4c7f5/', {
			timeout: 15000,
		});
		expect(
			await page.locator('[data-test-id="ndv"] >> text=/Not sent: system 1111/').count(),
		).toBeGreaterThan(0);
		expect(headline.length).toBeLessThanOrEqual(120);
		await page.screenshot({ path: path.join(SCREENSHOTS, 'notification-partial-failure.png') });
		await closeNode();
	});
});
