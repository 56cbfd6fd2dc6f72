/**
 * WalkMe User's Create or Update at directory scale, against the SCIM emulator: a directory of
 * 50,000 WalkMe users and an HR list of 50,000 rows (1 % new, 2 % changed, the rest unchanged), at
 * 150 ms a request with Requests in Parallel 5. The floor is every list page (read in parallel once
 * the first tells how many there are) and one write per change; the baseline a flow that looks each
 * row up: one request per row, and the same writes.
 */
import { ScimEmulator } from '../dev/emulator/scim';
import type { Job, JobResult } from './scenario';

const DIRECTORY = 50000;
const LATENCY_MS = 150;
const PARALLEL = 5;

export async function runScimReconciliation(
	runChild: (job: Job) => Promise<JobResult>,
	base: Omit<Job, 'kind' | 'items'>,
): Promise<{ lines: string[]; problems: string[] }> {
	const scim = await new ScimEmulator(0, false).start();
	try {
		for (let user = 0; user < DIRECTORY; user++)
			scim.addUser({
				userName: `person${user}@corp.example`,
				givenName: 'Given',
				familyName: `Family${user}`,
				accessRole: 'contentEditor',
			});
		process.stderr.write('▸ WalkMe User: Create or Update, 50,000 HR rows against 50,000 users\n');
		scim.setLatency(LATENCY_MS, 10);
		const result = await runChild({
			...base,
			kind: 'scim-reconcile',
			items: DIRECTORY,
			scim: scim.credentialData('basic'),
		});
		const timed = scim.requests().filter((request) => request.at >= result.startedAt);
		const pages = timed.filter((request) => request.method === 'GET').length;
		const writes = timed.filter((request) => ['POST', 'PATCH'].includes(request.method)).length;
		const changes = Math.round(DIRECTORY * 0.01) + Math.round(DIRECTORY * 0.02);
		const floorRequests = Math.ceil(DIRECTORY / 100) + changes;
		const floorMs = Math.ceil(floorRequests / PARALLEL) * LATENCY_MS;
		const baselineRequests = DIRECTORY + changes;
		const ratio = result.wallMs / floorMs;
		const requestsOk = pages + writes === floorRequests && writes === changes;
		const mark = (ok: boolean) => (ok ? '✓' : '✗');
		const lines = [
			`WalkMe User, Create or Update: 50,000 HR rows (500 new, 1,000 changed) against 50,000 users, ` +
				`${LATENCY_MS} ms a request, ${PARALLEL} in parallel`,
			`  ${mark(requestsOk)} requests: ${pages} list pages + ${writes} writes = ${pages + writes} ` +
				`(floor ${floorRequests}; one lookup per row: ${baselineRequests}, ` +
				`${(baselineRequests / floorRequests).toFixed(1)}× as many)`,
			`  ${mark(ratio <= 1.3)} wall time ${(result.wallMs / 1000).toFixed(1)} s, ${ratio.toFixed(2)}× ` +
				`its floor of ${(floorMs / 1000).toFixed(1)} s (target 1.3×; one lookup per row: ` +
				`${((Math.ceil(baselineRequests / PARALLEL) * LATENCY_MS) / 1000).toFixed(0)} s at best)`,
			`  ${mark(result.maxRssMb < 1024)} peak memory ${result.maxRssMb.toFixed(0)} MB (target under 1 GiB)`,
		];
		const problems: string[] = [];
		if (result.error) problems.push(`WalkMe User reconciliation: error: ${result.error}`);
		if (!requestsOk)
			problems.push(
				`WalkMe User reconciliation: ${pages + writes} requests where ${floorRequests} suffice`,
			);
		return { lines, problems };
	} finally {
		await scim.stop();
	}
}
