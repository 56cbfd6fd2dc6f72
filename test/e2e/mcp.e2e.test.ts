/**
 * The WalkMe nodes served to AI assistants outside n8n: the example workflow
 * examples/walkme-mcp-server.json (n8n's MCP Server Trigger with five WalkMe tools) imported and
 * activated in a real n8n (`n8n start`), called by the protocol's official TypeScript SDK over
 * streamable HTTP, against the WalkMe and OpenDialog emulators. The tool list the client sees is
 * written to docs/mcp-tool-schemas.json.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { OpenDialogEmulator } from '../../dev/emulator/openDialog';
import { WalkMeEmulator } from '../../dev/emulator/server';
import type { RunningN8n } from '../../dev/host';
import {
	EXAMPLE_MCP_TOKEN,
	EXAMPLE_SYSTEM_GUID,
	N8nHost,
	ensureN8nInstalled,
	exampleCredential,
	freePort,
	isMcpWorkflow,
	loadExamples,
	mcpUrl,
	stopServer,
	waitForWebhook,
} from '../../dev/host';
import type { McpClient } from '../../dev/mcp';
import { connectMcp, toolText } from '../../dev/mcp';
import { docsFolder } from '../helpers/docs';

const TEMPLATE = '1e5afe51-2d2a-4b22-a60a-cf2d6c01d726';
const SEGMENT = '5f0c6a1e-7d2b-4c1d-9d6a-00000000c001';
const example = loadExamples().find(({ workflow }) => isMcpWorkflow(workflow))?.workflow as Record<
	string,
	unknown
>;

let host: N8nHost;
let emulator: WalkMeEmulator;
let openDialog: OpenDialogEmulator;
let server: RunningN8n;
let url: string;
let client: McpClient;

beforeAll(async () => {
	host = new N8nHost(ensureN8nInstalled());
	host.installPackageFromTarball();
	emulator = await new WalkMeEmulator().start();
	openDialog = await new OpenDialogEmulator().start();
	emulator.addSegment(EXAMPLE_SYSTEM_GUID, 'Onboarded', [], null, SEGMENT);
	await host.importCredentials([
		exampleCredential('walkMeOAuth2Api', emulator.credentialData()),
		exampleCredential('openDialogApi', openDialog.credentialData()),
		exampleCredential('httpBearerAuth', { token: EXAMPLE_MCP_TOKEN }),
	]);
	await host.importWorkflows([example]);
	await host.activate(String(example.id));
	server = await host.startServer(await freePort());
	url = mcpUrl(server.baseUrl, example);
	await waitForWebhook(url, 60000, 'POST');
	client = await connectMcp(url, EXAMPLE_MCP_TOKEN);
}, 600000);

afterAll(async () => {
	await client?.close();
	if (server) await stopServer(server);
	await emulator?.stop();
	await openDialog?.stop();
	host?.dispose();
});

const toolNamed = async (pattern: RegExp) => {
	const { tools } = await client.listTools();
	const tool = tools.find((entry) => pattern.test(entry.name));
	if (!tool) throw new Error(`no tool matches ${pattern}: ${tools.map((t) => t.name).join(', ')}`);
	return tool;
};

describe('the WalkMe tools served by n8n’s MCP Server Trigger, to a real MCP client', () => {
	it('lists the five tools, each with its description and the input schema of its $fromAI parameters', async () => {
		const { tools } = await client.listTools();
		writeFileSync(
			path.join(docsFolder(), 'mcp-tool-schemas.json'),
			`${JSON.stringify(tools, null, 2)}\n`,
		);
		expect(tools.map((tool) => tool.name).sort()).toEqual([
			'Build_mobile_campaign_link',
			'Change_segment_users',
			'Generate_webchat_links',
			'List_segments',
			'Send_Workstation_notification',
		]);
		const change = await toolNamed(/^Change_segment_users$/);
		expect(change.description).toMatch(/^Adds users to a WalkMe segment or removes them from it/);
		expect(change.inputSchema).toMatchObject({
			type: 'object',
			properties: {
				systemGuid: { type: 'string', description: expect.stringMatching(/Never guess/) },
				segmentGuid: { type: 'string' },
				action: { type: 'string' },
				userIds: { type: 'string' },
			},
		});
		const notify = await toolNamed(/^Send_Workstation_notification$/);
		expect(Object.keys(notify.inputSchema.properties ?? {}).sort()).toEqual([
			'deduplicationKey',
			'endUserIds',
			'templateId',
			'text',
			'title',
		]);
		expect(notify.description).toMatch(/never guessed/);
		// Each tool's own description says what must come from the user.
		for (const tool of tools)
			expect({ tool: tool.name, says: /[Nn]ever guess/.test(tool.description ?? '') }).toEqual({
				tool: tool.name,
				says: true,
			});
		// The webchat tool's User ID is optional for the model, as its description says.
		const webchat = await toolNamed(/^Generate_webchat_links$/);
		expect(webchat.inputSchema.required).toEqual(['scenarioId', 'name']);
		expect(webchat.inputSchema.properties?.userId).toMatchObject({ type: 'string', default: '' });
	});

	it('"Change segment users" adds the users, and WalkMe holds them', async () => {
		emulator.clearLog();
		const result = await client.callTool({
			name: 'Change_segment_users',
			arguments: {
				systemGuid: EXAMPLE_SYSTEM_GUID,
				segmentGuid: SEGMENT,
				action: 'add',
				userIds: 'ana@example.com, bo@example.com',
			},
		});
		expect(result.isError).toBeFalsy();
		expect(toolText(result)).toContain('"usersSent":2');
		expect(emulator.requests('segments').map((request) => [request.method, request.body])).toEqual([
			['PUT', { action: 'add', userIds: ['ana@example.com', 'bo@example.com'] }],
		]);
		expect(
			emulator.segments(EXAMPLE_SYSTEM_GUID).find((segment) => segment.guid === SEGMENT)?.users,
		).toEqual(['ana@example.com', 'bo@example.com']);
	});

	it('"Send Workstation notification" delivers once; the same call again (same key) is held back', async () => {
		emulator.clearLog();
		emulator.notifications.length = 0;
		const call = {
			name: 'Send_Workstation_notification',
			arguments: {
				templateId: TEMPLATE,
				endUserIds: 'ana@example.com',
				title: 'Welcome aboard',
				text: 'Your onboarding is complete',
				deduplicationKey: 'ana-onboarded-2026-11-24',
			},
		};
		const first = await client.callTool(call);
		expect(first.isError).toBeFalsy();
		expect(emulator.notifications).toHaveLength(1);
		expect(emulator.notifications[0].notification).toMatchObject({
			templateId: TEMPLATE,
			endUsersIds: ['ana@example.com'],
			runtimeTitle: 'Welcome aboard',
			runtimeDescription: 'Your onboarding is complete',
		});
		const again = await client.callTool(call);
		expect(again.isError).toBeFalsy();
		expect(toolText(again)).toContain('not sent again');
		expect(emulator.notifications).toHaveLength(1);
		expect(emulator.requests('notifications')).toHaveLength(1);
	});

	it('"Generate webchat links" without a user ID (optional for the model): OpenDialog makes one', async () => {
		const before = openDialog.contexts.length;
		const result = await client.callTool({
			name: 'Generate_webchat_links',
			arguments: { scenarioId: 'customer_support', name: 'Dana' },
		});
		expect(result.isError).toBeFalsy();
		const created = openDialog.contexts.slice(before);
		expect(created).toHaveLength(1);
		expect(created[0].attributes).toEqual({ name: 'Dana' });
		expect(created[0].userId).not.toBe('');
		expect(toolText(result)).toContain(created[0].url);
	});

	it('a bad argument comes back as a tool error naming the field, and WalkMe receives nothing', async () => {
		emulator.clearLog();
		const result = await client.callTool({
			name: 'Change_segment_users',
			arguments: {
				systemGuid: 'the marketing system',
				segmentGuid: SEGMENT,
				action: 'add',
				userIds: 'ana@example.com',
			},
		});
		const text = toolText(result);
		expect(result.isError).toBe(true);
		expect(text).toContain('System GUID in item 0 is not a GUID: "the marketing system"');
		expect(emulator.log.filter((entry) => entry.kind !== 'token')).toEqual([]);
	});

	it('refuses a client without the bearer token, or with a wrong one', async () => {
		emulator.clearLog();
		await expect(connectMcp(url)).rejects.toThrow(/Authorization data is wrong!/);
		await expect(connectMcp(url, 'not-the-token')).rejects.toThrow(/Authorization data is wrong!/);
		const answer = await fetch(url, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				Accept: 'application/json, text/event-stream',
			},
			body: JSON.stringify({
				jsonrpc: '2.0',
				id: 1,
				method: 'initialize',
				params: {
					protocolVersion: '2025-03-26',
					capabilities: {},
					clientInfo: { name: 'anonymous', version: '0' },
				},
			}),
		});
		expect(answer.status).toBe(403);
		expect(emulator.log.filter((entry) => entry.kind !== 'token')).toEqual([]);
	});
});
