/**
 * One benchmark scenario, in a process of its own so that its peak RSS is its own. Started by
 * bench/run.ts with a JSON job; prints one JSON line with the result. The emulators live in the
 * parent, which counts the requests.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../test/setup-env.js');

import { randomUUID } from 'node:crypto';
import path from 'node:path';

import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { contacts } from '../dev/walkme';
import { addUserByHttpRequest } from './httpRequest';
import { registerCredentialType, registerNodeType, runNode, saveCredential } from '../dev/workflow';

export interface Job {
	kind:
		| 'segment'
		| 'segment-oneItem'
		| 'segment-fetch'
		| 'segment-httpRequest'
		| 'notification-perItem'
		| 'notification-allItems'
		| 'webchat'
		| 'webchat-fetch'
		| 'webchat-httpRequest'
		| 'permalink-fields'
		| 'permalink-expression'
		| 'permalink-expression-n8n'
		| 'engine-noop'
		| 'scim-reconcile';
	items: number;
	walkMe: { baseUrl: string; clientId: string; clientSecret: string };
	openDialog: { baseUrl: string; apiToken: string };
	systemGuid: string;
	/** For the HTTP Request baseline: an existing segment to add users to. */
	segmentGuid?: string;
	/** The pinned n8n install, for n8n's own HTTP Request node. */
	n8nDir?: string;
	/** First contact number (the warm-up uses other contacts). */
	emailOffset?: number;
	/** Notification to all: End Users per Request (one request for all when unset). */
	recipientsPerRequest?: number;
	/** The SCIM emulator's credential data, for WalkMe User. */
	scim?: Record<string, string>;
}

export interface JobResult {
	/** When the timed run began (epoch ms): requests before it belong to the warm-up. */
	startedAt: number;
	wallMs: number;
	maxRssMb: number;
	outputItems: number;
	error?: string;
}

const TEMPLATE = '75cfcba6-c320-42cb-938e-4c2bd08a43a3';
const APP_KEY = '6773869e-781c-419f-8b09-32055a2a22d6';

// Saved once per process, as n8n keeps a credential: the token the first run fetches is reused.
let walkMeCredentialDetails: ReturnType<typeof saveCredential> | undefined;
function walkMeCredential(job: Job) {
	walkMeCredentialDetails ??= saveCredential('bench-walkme', 'walkMeOAuth2Api', {
		region: 'custom',
		...job.walkMe,
		accessToken: '',
	});
	return walkMeCredentialDetails;
}

function openDialogCredential(job: Job) {
	return saveCredential('bench-opendialog', 'openDialogApi', { ...job.openDialog });
}

/** n8n's own HTTP Request node and generic credentials, from the pinned n8n install. */
function loadN8nHttpRequest(n8nDir: string): void {
	const base = path.join(n8nDir, 'node_modules', 'n8n-nodes-base', 'dist');
	/* eslint-disable @typescript-eslint/no-require-imports */
	const { HttpRequest } = require(
		path.join(base, 'nodes', 'HttpRequest', 'HttpRequest.node.js'),
	) as { HttpRequest: new () => IVersionedNodeType };
	const { OAuth2Api } = require(path.join(base, 'credentials', 'OAuth2Api.credentials.js')) as {
		OAuth2Api: new () => ICredentialType;
	};
	const { HttpHeaderAuth } = require(
		path.join(base, 'credentials', 'HttpHeaderAuth.credentials.js'),
	) as { HttpHeaderAuth: new () => ICredentialType };
	/* eslint-enable @typescript-eslint/no-require-imports */
	registerNodeType(
		'n8n-nodes-base.httpRequest',
		new HttpRequest() as INodeType | IVersionedNodeType,
	);
	registerCredentialType(new OAuth2Api());
	registerCredentialType(new HttpHeaderAuth());
}

async function node(job: Job): Promise<{
	items: number;
	error?: string;
	run: () => Promise<{ output: number; error?: string }>;
}> {
	const emails = contacts(job.items, job.emailOffset ?? 1);
	switch (job.kind) {
		case 'segment':
			return {
				items: job.items,
				run: async () =>
					result(
						await runNode({
							nodeType: 'walkMeSegment',
							credentials: walkMeCredential(job),
							items: emails,
							parameters: {
								resource: 'segment',
								operation: 'createOrOverride',
								systemGuid: job.systemGuid,
								name: 'CRM mirror',
								userIdSource: 'allItems',
								userIdField: 'email',
							},
						}),
					),
			};
		case 'segment-oneItem':
			// One item holding the whole list, as a CRM export or a Code node hands it over.
			return {
				items: job.items,
				run: async () =>
					result(
						await runNode({
							nodeType: 'walkMeSegment',
							credentials: walkMeCredential(job),
							items: [{ ids: emails.map((contact) => contact.email) }],
							parameters: {
								resource: 'segment',
								operation: 'createOrOverride',
								systemGuid: job.systemGuid,
								name: 'CRM mirror',
								userIdSource: 'parameter',
								userIds: '={{ $json.ids }}',
							},
						}),
					),
			};
		case 'notification-perItem':
			return {
				items: job.items,
				run: async () =>
					result(
						await runNode({
							nodeType: 'walkMeNotification',
							credentials: walkMeCredential(job),
							items: emails.map((contact, index) => ({
								...contact,
								link: `https://crm.example/lead/${index}`,
							})),
							parameters: {
								resource: 'notification',
								operation: 'send',
								sendMode: 'perItem',
								templateId: TEMPLATE,
								endUsersIds: '={{ $json.email }}',
								runtimeTitle: '=New lead for {{ $json.name }}',
								overrides: { override: [{ key: 'URL', value: '={{ $json.link }}' }] },
							},
						}),
					),
			};
		case 'notification-allItems':
			return {
				items: job.items,
				run: async () =>
					result(
						await runNode({
							nodeType: 'walkMeNotification',
							credentials: walkMeCredential(job),
							items: emails,
							parameters: {
								resource: 'notification',
								operation: 'send',
								sendMode: 'allItems',
								endUserIdField: 'email',
								templateId: TEMPLATE,
								runtimeTitle: 'Maintenance tonight',
								options: job.recipientsPerRequest
									? { recipientsPerRequest: job.recipientsPerRequest }
									: {},
							},
						}),
					),
			};
		case 'webchat':
			return {
				items: job.items,
				run: async () =>
					result(
						await runNode({
							nodeType: 'walkMeWebchatDeepLink',
							credentials: openDialogCredential(job),
							items: emails.map((contact, index) => ({
								...contact,
								id: `crm-${index}`,
								tier: index % 3 ? 'gold' : 'silver',
							})),
							parameters: {
								resource: 'deepLink',
								operation: 'generate',
								scenarioId: 'customer_support',
								userId: '={{ $json.id }}',
								attributeSource: 'fields',
								attributeFields: 'name, email, tier',
							},
						}),
					),
			};
		case 'permalink-fields':
		case 'permalink-expression':
		case 'permalink-expression-n8n': {
			const recipients = Array.from({ length: job.items }, (_, i) => ({
				campaign: `campaign-${i % 7}`,
				firstName: `Name ${i}`,
				city: i % 2 ? 'Tel Aviv & Jaffa' : 'Zürich',
			}));
			const parameters =
				job.kind === 'permalink-fields'
					? {
							resource: 'permalink',
							operation: 'setUserAttributes',
							appKey: APP_KEY,
							attributeSource: 'fields',
							attributeFields: 'firstName, city',
						}
					: job.kind === 'permalink-expression'
						? {
								resource: 'permalink',
								operation: 'startCampaignWithRedirect',
								appKey: APP_KEY,
								campaignKey: '={{ $json.campaign }}',
								deeplink: 'walkme.testme://samples',
							}
						: {
								// The same values as expressions the shortcut leaves alone: n8n's engine reads every parameter.
								resource: 'permalink',
								operation: 'startCampaignWithRedirect',
								appKey: `={{ "${APP_KEY}" }}`,
								campaignKey: '={{ ($json.campaign) }}',
								deeplink: '={{ "walkme.testme://samples" }}',
							};
			return {
				items: job.items,
				run: async () =>
					result(await runNode({ nodeType: 'walkMePermalink', items: recipients, parameters })),
			};
		}
		case 'segment-httpRequest':
			loadN8nHttpRequest(job.n8nDir as string);
			return {
				items: job.items,
				run: async () =>
					result(
						await runNode({
							nodeType: 'n8n-nodes-base.httpRequest',
							typeVersion: 4.2,
							credentials: saveCredential('bench-oauth2', 'oAuth2Api', {
								grantType: 'clientCredentials',
								accessTokenUrl: `${job.walkMe.baseUrl}/accounts/connect/token`,
								clientId: job.walkMe.clientId,
								clientSecret: job.walkMe.clientSecret,
								scope: '',
								authentication: 'header',
								authQueryParameters: '',
							}),
							items: emails,
							parameters: addUserByHttpRequest(
								`${job.walkMe.baseUrl}/public/v1/user/system/${job.systemGuid}/segment/${job.segmentGuid}`,
							),
						}),
					),
			};
		case 'webchat-httpRequest':
			loadN8nHttpRequest(job.n8nDir as string);
			return {
				items: job.items,
				run: async () =>
					result(
						await runNode({
							nodeType: 'n8n-nodes-base.httpRequest',
							typeVersion: 4.2,
							credentials: saveCredential('bench-header', 'httpHeaderAuth', {
								name: 'Authorization',
								value: `Bearer ${job.openDialog.apiToken}`,
							}),
							items: emails.map((contact, index) => ({ ...contact, id: `crm-${index}` })),
							parameters: {
								method: 'POST',
								url: `${job.openDialog.baseUrl}/public/api/generate-webchat-deep-link`,
								authentication: 'genericCredentialType',
								genericAuthType: 'httpHeaderAuth',
								sendBody: true,
								specifyBody: 'json',
								jsonBody:
									'={{ JSON.stringify({ scenario_id: "customer_support", dataset: [{ user_id: ' +
									'$json.id, attributes: { name: $json.name, email: $json.email } }] }) }}',
								options: {},
							},
						}),
					),
			};
		case 'engine-noop':
			registerNodeType('bench.noop', NOOP);
			return {
				items: job.items,
				run: async () =>
					result(await runNode({ nodeType: 'bench.noop', items: emails, parameters: {} })),
			};
		case 'segment-fetch':
			return {
				items: job.items,
				run: async () => ({
					output: await segmentByFetch(
						job,
						emails.map((contact) => contact.email),
					),
				}),
			};
		case 'webchat-fetch':
			return { items: job.items, run: async () => ({ output: await webchatByFetch(job, emails) }) };
		case 'scim-reconcile':
			return {
				items: job.items,
				run: async () =>
					result(
						await runNode({
							nodeType: 'walkMeUser',
							credentials: saveCredential('bench-scim', 'walkMeScimApi', { ...job.scim }),
							items: hrList(job.items, job.emailOffset !== undefined),
							parameters: {
								resource: 'user',
								operation: 'createOrUpdate',
								userName: '={{ $json.email }}',
								givenName: '={{ $json.first }}',
								familyName: '={{ $json.last }}',
								additionalFields: { accessRole: '={{ $json.role }}' },
							},
						}),
					),
			};
	}
}

/**
 * An HR list against the directory bench/scim.ts seeds (users 0 to 49,999, role contentEditor):
 * 1 % new people, 2 % with a new role, the rest as WalkMe holds them. The warm-up's rows are all
 * unchanged, so that it writes nothing.
 */
function hrList(count: number, warmUp: boolean) {
	const newPeople = warmUp ? 0 : Math.round(count * 0.01);
	const changed = warmUp ? 0 : Math.round(count * 0.02);
	return Array.from({ length: count }, (_, row) => {
		const user = row < newPeople ? count + row : row;
		return {
			email: `person${user}@corp.example`,
			first: 'Given',
			last: `Family${user}`,
			role: row >= newPeople && row < newPeople + changed ? 'publisher' : 'contentEditor',
		};
	});
}

/** What any node pays in n8n's engine: one output item paired to every input, no work. */
const NOOP: INodeType = {
	description: {
		displayName: 'No-op',
		name: 'noop',
		group: ['transform'],
		version: 1,
		description: 'Returns one item paired to all its input',
		defaults: { name: 'No-op' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute() {
		const items = this.getInputData();
		return [[{ json: { items: items.length }, pairedItem: items.map((_, item) => ({ item })) }]];
	},
};

function result(run: Awaited<ReturnType<typeof runNode>>): { output: number; error?: string } {
	return { output: run.output.length, error: run.error?.message };
}

/** The floor for any n8n node: Node's own fetch making exactly the requests the API's limits need. */
async function segmentByFetch(job: Job, userIds: string[]): Promise<number> {
	const basic = Buffer.from(`${job.walkMe.clientId}:${job.walkMe.clientSecret}`).toString('base64');
	const token = (await (
		await fetch(`${job.walkMe.baseUrl}/accounts/connect/token`, {
			method: 'POST',
			headers: {
				Authorization: `Basic ${basic}`,
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body: 'grant_type=client_credentials',
		})
	).json()) as { access_token: string };
	const headers = {
		Authorization: `Bearer ${token.access_token}`,
		'Content-Type': 'application/json',
	};
	const base = `${job.walkMe.baseUrl}/public/v1/user/system/${job.systemGuid}/segment`;
	const existing = (await (await fetch(base, { headers })).json()) as Array<{
		guid: string;
		name: string;
	}>;
	let guid = existing.find((segment) => segment.name === 'CRM mirror')?.guid;
	for (let start = 0; start < userIds.length; start += 25000) {
		const chunk = userIds.slice(start, start + 25000);
		if (!guid) {
			const created = (await (
				await fetch(base, {
					method: 'POST',
					headers,
					body: JSON.stringify({ name: 'CRM mirror', userIds: chunk }),
				})
			).json()) as { guid: string };
			guid = created.guid;
		} else {
			await fetch(`${base}/${guid}`, {
				method: 'PUT',
				headers,
				body: JSON.stringify({ action: start === 0 ? 'override' : 'add', userIds: chunk }),
			});
		}
	}
	return 1;
}

async function webchatByFetch(
	job: Job,
	people: Array<{ email: string; name: string }>,
): Promise<number> {
	let links = 0;
	for (let start = 0; start < people.length; start += 100) {
		const dataset = people.slice(start, start + 100).map((person, offset) => ({
			user_id: `crm-${start + offset}`,
			attributes: { name: person.name, email: person.email },
		}));
		const response = await fetch(
			`${job.openDialog.baseUrl}/public/api/generate-webchat-deep-link`,
			{
				method: 'POST',
				headers: {
					Authorization: `Bearer ${job.openDialog.apiToken}`,
					'Content-Type': 'application/json',
				},
				body: JSON.stringify({ scenario_id: 'customer_support', dataset }),
			},
		);
		links += ((await response.json()) as unknown[]).length;
	}
	return links;
}

async function main(): Promise<void> {
	const job = JSON.parse(process.argv[2]) as Job;
	let outcome: JobResult;
	try {
		// A long-lived n8n has loaded its modules and warmed its JIT long before a job comes; a fresh
		// process has not, and neither had the bare fetch loop. A 10-item run (other contacts, another
		// system) pays that once, and the timed run is the job itself.
		const warmUp = await node({
			...job,
			items: 10,
			emailOffset: 10000000,
			systemGuid:
				job.kind.startsWith('segment') && job.kind !== 'segment-httpRequest'
					? randomUUID()
					: job.systemGuid,
		});
		await warmUp.run();
		const prepared = await node(job);
		global.gc?.();
		const startedAt = Date.now();
		const started = process.hrtime.bigint();
		const { output, error } = await prepared.run();
		const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
		outcome = {
			startedAt,
			wallMs,
			maxRssMb: process.resourceUsage().maxRSS / 1024,
			outputItems: output,
			error,
		};
	} catch (error) {
		outcome = {
			startedAt: 0,
			wallMs: 0,
			maxRssMb: process.resourceUsage().maxRSS / 1024,
			outputItems: 0,
			error: String(error),
		};
	}
	process.stdout.write(`\n${JSON.stringify(outcome)}\n`);
}

void main().then(() => process.exit(0));
