/**
 * `npm run bench -- --real`: 20,000 CRM contacts mirrored into a segment in the pinned real n8n,
 * once with the WalkMe Segment node and once as a user would build it without this package (n8n's
 * HTTP Request node with n8n's generic OAuth2 client-credentials credential, one request per
 * contact). Times come from n8n's own run data (the node's executionTime).
 */
import { randomUUID } from 'node:crypto';

import { WalkMeEmulator } from '../dev/emulator/server';
import { EXAMPLE_CREDENTIALS, N8nHost, chainWorkflow, exampleCredential } from '../dev/host';
import { addUserByHttpRequest } from './httpRequest';

const CONTACTS = (count: number) =>
	`return Array.from({ length: ${count} }, (_, i) => ({ json: { email: 'customer' + i + '@crm.example' } }));`;

function workflow(id: string, last: Record<string, unknown>, count: number) {
	return chainWorkflow(id, [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{
			name: 'CRM contacts',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: { jsCode: CONTACTS(count) },
		},
		{ name: 'Mirror', ...last },
	]);
}

export async function runRealComparison(
	n8nDir: string,
	count: number,
): Promise<Record<string, unknown>> {
	process.stderr.write(
		`▸ Real n8n: ${count.toLocaleString('en-US')} contacts, WalkMe Segment node vs HTTP Request node\n`,
	);
	const host = new N8nHost(n8nDir);
	const emulator = await new WalkMeEmulator({ logBodies: false }).start();
	try {
		host.installPackageFromTarball();
		const systemGuid = randomUUID();
		const segmentGuid = emulator.addSegment(systemGuid, 'CRM mirror (HTTP Request)');
		const oauth = { id: 'benchGenericOAuth2', name: 'Generic OAuth2 (emulator)' };
		await host.importCredentials([
			exampleCredential('walkMeOAuth2Api', emulator.credentialData()),
			{
				...oauth,
				type: 'oAuth2Api',
				data: {
					grantType: 'clientCredentials',
					accessTokenUrl: `${emulator.baseUrl}/accounts/connect/token`,
					clientId: emulator.clientId,
					clientSecret: emulator.clientSecret,
					scope: '',
					authentication: 'header',
				},
			},
		]);
		await host.importWorkflows([
			workflow(
				'benchRealNode001',
				{
					type: 'n8n-nodes-walkme.walkMeSegment',
					typeVersion: 1,
					parameters: {
						resource: 'segment',
						operation: 'createOrOverride',
						systemGuid,
						name: 'CRM mirror',
						userIdSource: 'allItems',
						userIdField: 'email',
						options: {},
					},
					credentials: { walkMeOAuth2Api: EXAMPLE_CREDENTIALS.walkMeOAuth2Api },
				},
				count,
			),
			workflow(
				'benchRealHttp001',
				{
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					parameters: addUserByHttpRequest(
						`${emulator.baseUrl}/public/v1/user/system/${systemGuid}/segment/${segmentGuid}`,
					),
					credentials: { oAuth2Api: oauth },
				},
				count,
			),
		]);
		const measure = async (id: string) => {
			emulator.clearLog();
			const execution = await host.execute(id);
			const task = (execution.resultData?.runData.Mirror?.[0] ?? {}) as {
				executionTime?: number;
				error?: { message: string };
			};
			return {
				executionMs: task.executionTime ?? null,
				error:
					task.error?.message ??
					(execution.code === 0 ? undefined : `n8n exited ${execution.code}`),
				requests: emulator.requests('segments').length,
				tokens: emulator.requests('token').length,
			};
		};
		const node = await measure('benchRealNode001');
		const http = await measure('benchRealHttp001');
		const speedup =
			node.executionMs && http.executionMs ? http.executionMs / node.executionMs : null;
		const lines = [
			`Real n8n ${host.n8nVersion}, ${count.toLocaleString('en-US')} contacts mirrored (time from n8n's run data):`,
			`  WalkMe Segment node:  ${String(node.executionMs)} ms, ${node.requests} segment ` +
				`requests, ${node.tokens} token request(s)${node.error ? `, ERROR ${node.error}` : ''}`,
			`  HTTP Request node:    ${String(http.executionMs)} ms, ${http.requests} segment ` +
				`requests, ${http.tokens} token request(s)${http.error ? `, ERROR ${http.error}` : ''}`,
			`  ${speedup ? `${speedup.toFixed(0)}× faster with the node` : 'no ratio'} ` +
				`${speedup && speedup >= 20 ? '✓' : '✗'} (target: at least 20×, with the node at 1 lookup + 1 write + 1 token)`,
		];
		process.stdout.write(`\n${lines.join('\n')}\n`);
		return { count, node, http, speedup };
	} finally {
		await emulator.stop();
		host.dispose();
	}
}
