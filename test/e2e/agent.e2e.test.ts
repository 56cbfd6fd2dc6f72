/**
 * An n8n AI Agent calling the WalkMe nodes as tools, in the real n8n: n8n's OpenAI chat model node
 * pointed at a scripted model on loopback (it plans the tool calls, then answers from their
 * results). The agent's tool call must reach the WalkMe emulator, and the permalink the Permalink
 * tool built must come back in the agent's answer. The tool schemas the model was offered are
 * written to docs/agent-tool-schemas.json.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { ScriptedChatModel } from '../../dev/emulator/scriptedModel';
import { WalkMeEmulator } from '../../dev/emulator/server';
import type { Execution } from '../../dev/host';
import {
	EXAMPLE_CREDENTIALS,
	N8nHost,
	ensureN8nInstalled,
	exampleCredential,
} from '../../dev/host';
import { docsFolder } from '../helpers/docs';

const SYSTEM_GUID = '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9';
const SEGMENT = '5f0c6a1e-7d2b-4c1d-9d6a-00000000b001';
const APP_KEY = '6773869e-781c-419f-8b09-32055a2a22d6';
const OPENAI = { id: 'scriptedOpenAi001', name: 'Scripted model (loopback)' };

let host: N8nHost;
let emulator: WalkMeEmulator;
let model: ScriptedChatModel;
let execution: Execution;

const agentWorkflow = {
	id: 'walkmeAgentTools1',
	name: 'AI Agent with WalkMe tools',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'agent-1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'agent-2',
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 2.2,
			position: [260, 0],
			parameters: {
				promptType: 'define',
				text:
					'Ana (ana@example.com) finished onboarding. Add her to the onboarded ' +
					'segment and give me the app link that starts the "welcome-tour" campaign.',
				options: {},
			},
		},
		{
			id: 'agent-3',
			name: 'Scripted model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.2,
			position: [160, 220],
			parameters: { model: { __rl: true, mode: 'id', value: 'scripted-model' }, options: {} },
			credentials: { openAiApi: OPENAI },
		},
		{
			id: 'agent-4',
			name: 'Add users to the onboarded segment',
			type: 'n8n-nodes-walkme.walkMeSegmentTool',
			typeVersion: 1,
			position: [340, 220],
			parameters: {
				resource: 'segment',
				operation: 'update',
				systemGuid: SYSTEM_GUID,
				segmentId: { __rl: true, mode: 'id', value: SEGMENT },
				action: 'add',
				userIdSource: 'parameter',
				userIds:
					"={{ $fromAI('userIds', 'E-mail addresses of the users to add, comma-separated', 'string') }}",
				options: {},
			},
			credentials: { walkMeOAuth2Api: EXAMPLE_CREDENTIALS.walkMeOAuth2Api },
		},
		{
			id: 'agent-5',
			name: 'Build a campaign permalink',
			type: 'n8n-nodes-walkme.walkMePermalinkTool',
			typeVersion: 1,
			position: [520, 220],
			parameters: {
				resource: 'permalink',
				operation: 'startCampaign',
				appKey: APP_KEY,
				campaignKey:
					"={{ $fromAI('campaignKey', 'The API trigger key of the campaign to start', 'string') }}",
			},
		},
	],
	connections: {
		Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'Scripted model': {
			ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
		},
		'Add users to the onboarded segment': {
			ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]],
		},
		'Build a campaign permalink': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
	},
	pinData: {},
};

beforeAll(async () => {
	host = new N8nHost(ensureN8nInstalled());
	host.installPackageFromTarball();
	emulator = await new WalkMeEmulator().start();
	emulator.addSegment(SYSTEM_GUID, 'Onboarded', [], null, SEGMENT);
	model = await new ScriptedChatModel(
		[
			{ tool: /segment/i, arguments: { userIds: 'ana@example.com' } },
			{ tool: /permalink/i, arguments: { campaignKey: 'welcome-tour' } },
		],
		(results) => {
			const link =
				results.join('\n').match(/com\.walkme\.[^"\s\\]+/)?.[0] ??
				'(no permalink in the tool results)';
			return `Ana is now in the onboarded segment. Her link: ${link}`;
		},
	).start();
	await host.importCredentials([
		exampleCredential('walkMeOAuth2Api', emulator.credentialData()),
		{ ...OPENAI, type: 'openAiApi', data: { apiKey: 'scripted-key', url: model.baseUrl } },
	]);
	await host.importWorkflows([agentWorkflow]);
	execution = await host.execute(agentWorkflow.id);
});

afterAll(async () => {
	await emulator?.stop();
	await model?.stop();
	host?.dispose();
});

describe('an AI Agent using the WalkMe nodes as tools, in the real n8n', () => {
	it('offers both nodes to the model as tools with the $fromAI parameters as their schema', () => {
		const tools = model.offeredTools;
		writeFileSync(
			path.join(docsFolder(), 'agent-tool-schemas.json'),
			`${JSON.stringify(tools, null, 2)}\n`,
		);
		const segment = tools.find((tool) => /segment/i.test(tool.name));
		const permalink = tools.find((tool) => /permalink/i.test(tool.name));
		expect(segment?.parameters).toMatchObject({
			type: 'object',
			properties: {
				userIds: {
					type: 'string',
					description: 'E-mail addresses of the users to add, comma-separated',
				},
			},
		});
		expect(permalink?.parameters).toMatchObject({
			type: 'object',
			properties: { campaignKey: { type: 'string' } },
		});
		// What a model reads to choose a tool: the operation's action, in words that say what it does.
		expect(segment?.description).toBe(
			'Add or remove the users of a segment or replace them all in WalkMe Segment',
		);
		expect(permalink?.description).toBe(
			'Build a link that starts a mobile campaign in WalkMe Permalink',
		);
	});

	it("the agent's tool call adds the user to the segment in WalkMe", () => {
		if (execution.code !== 0)
			throw new Error(
				`n8n execution failed:\n${execution.stdout.slice(-3000)}\n${execution.stderr.slice(-2000)}`,
			);
		expect(
			emulator
				.requests('segments')
				.map((request) => [request.method, request.status, request.body]),
		).toEqual([['PUT', 200, { action: 'add', userIds: ['ana@example.com'] }]]);
		expect(
			emulator.segments(SYSTEM_GUID).find((segment) => segment.guid === SEGMENT)?.users,
		).toEqual(['ana@example.com']);
	});

	it("the agent's final answer holds the permalink the Permalink tool built", () => {
		const output =
			execution.resultData?.runData['AI Agent']?.[0]?.data?.main?.[0]?.[0]?.json.output;
		expect(output).toBe(
			`Ana is now in the onboarded segment. Her link: com.walkme.${APP_KEY}://1.0/trigger_campaign/welcome-tour`,
		);
		expect(model.requests).toHaveLength(2);
	});
});
