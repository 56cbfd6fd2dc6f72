/**
 * Benchmarks through n8n's own engine (WorkflowExecute), against the loopback emulator where an API
 * is involved. Reports wall time, throughput and heap; `npm run bench`. Numbers depend on the
 * machine: compare runs on the same one.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../test/setup-env.js');

import { WalkMeEmulator } from '../test/emulator/server';
import { SYSTEM_GUID, contacts, walkMeCredential } from '../test/helpers/walkme';
import { runNode } from '../test/helpers/workflow';

interface Result {
	name: string;
	items: number;
	seconds: number;
	heapMb: number;
	note: string;
}

async function measure(name: string, items: number, body: () => Promise<string>): Promise<Result> {
	global.gc?.();
	const started = process.hrtime.bigint();
	const note = await body();
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	return { name, items, seconds, heapMb: process.memoryUsage().heapUsed / 2 ** 20, note };
}

async function main(): Promise<void> {
	const results: Result[] = [];
	const recipients = Array.from({ length: 100000 }, (_, i) => ({ campaign: `campaign-${i % 7}`, firstName: `Name ${i}`, city: i % 2 ? 'Tel Aviv & Jaffa' : 'Zürich' }));

	results.push(
		await measure('Permalink: Start Campaign with Redirect', recipients.length, async () => {
			const { output, error } = await runNode({
				nodeType: 'walkMePermalink',
				items: recipients,
				parameters: { resource: 'permalink', operation: 'startCampaignWithRedirect', appKey: '6773869e-781c-419f-8b09-32055a2a22d6', campaignKey: '={{ $json.campaign }}', deeplink: 'walkme.testme://samples' },
			});
			if (error || output.length !== recipients.length) throw new Error(`failed: ${error?.message}`);
			return `${output.length.toLocaleString('en-US')} links`;
		}),
	);
	results.push(
		await measure('Permalink: Set Public User Attributes from 2 fields', recipients.length, async () => {
			const { output, error } = await runNode({
				nodeType: 'walkMePermalink',
				items: recipients,
				parameters: { resource: 'permalink', operation: 'setUserAttributes', appKey: '6773869e-781c-419f-8b09-32055a2a22d6', attributeSource: 'fields', attributeFields: 'firstName, city' },
			});
			if (error || output.length !== recipients.length) throw new Error(`failed: ${error?.message}`);
			return `${output.length.toLocaleString('en-US')} links`;
		}),
	);

	const emulator = await new WalkMeEmulator({ logBodies: false }).start();
	try {
		const crm = contacts(80000);
		results.push(
			await measure('Segment: mirror 80,000 CRM contacts (Create or Override)', crm.length, async () => {
				const { error } = await runNode({
					nodeType: 'walkMeSegment',
					credentials: walkMeCredential(emulator),
					items: crm,
					parameters: { resource: 'segment', operation: 'createOrOverride', systemGuid: SYSTEM_GUID, name: 'Customers', userIdSource: 'allItems', userIdField: 'email' },
				});
				if (error) throw new Error(`failed: ${error.message}`);
				return `${emulator.requests('token').length} token, ${emulator.requests('segments').length} segment requests`;
			}),
		);
	} finally {
		await emulator.stop();
	}

	process.stdout.write('benchmark                                               items     time     items/s   heap\n');
	for (const r of results) {
		process.stdout.write(
			`${r.name.padEnd(55)} ${r.items.toLocaleString('en-US').padStart(7)} ${r.seconds.toFixed(2).padStart(7)} s ${Math.round(r.items / r.seconds).toLocaleString('en-US').padStart(9)} ${r.heapMb.toFixed(0).padStart(5)} MB  ${r.note}\n`,
		);
	}
}

void main();
