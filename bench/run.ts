/**
 * `npm run bench`: every node at the scale users run it, through n8n's engine (WorkflowExecute)
 * against the loopback emulators, beside what a user would do instead: a bare loop with Node's own
 * fetch (the floor for any n8n node), and n8n's HTTP Request node with a generic credential, one
 * request per item. Each scenario runs in a process of its own (bench/scenario.ts) so its peak RSS
 * is its own; the emulators here count every request.
 *
 * It exits non-zero when a scenario errors or makes more requests (or tokens) than the APIs'
 * documented limits require: a check, not a timing. Timings are figures to compare, written to
 * bench/results/ as JSON and as an SVG chart.
 *
 * `npm run bench -- --real` also mirrors 20,000 contacts in the pinned real n8n, node and HTTP
 * Request flow side by side, timed by n8n's own run data.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { OpenDialogEmulator } from '../dev/emulator/openDialog';
import { WalkMeEmulator } from '../dev/emulator/server';
import { ensureN8nInstalled } from '../dev/host';
import type { Job, JobResult } from './scenario';
import { runRealComparison } from './real';
import { runScimReconciliation } from './scim';
import { runTriggerComparison } from './trigger';

const RESULTS = path.join(__dirname, 'results');
/** A request's round trip to WalkMe or OpenDialog from a typical n8n host, for the latency rows. */
const LATENCY_MS = 150;
const LATENCY_JITTER_MS = 10;

interface Scenario {
	name: string;
	kind: Job['kind'];
	items: number;
	/** The fewest API requests the documented limits allow (token excluded). */
	minimum: number;
	/** Which scenario this one is the baseline of (its ratio is computed there). */
	baselineOf?: string;
	/** For HTTP Request baselines: how many items the node scenario it compares with has. */
	fullItems?: number;
	/** A network's delay per request (the emulators wait this long, ±10 ms), and the node's parallelism under it. */
	latencyMs?: number;
	parallelism?: number;
	recipientsPerRequest?: number;
}

interface Row extends Scenario, JobResult {
	requests: number;
	tokens: number;
	ratio?: string;
	problems: string[];
}

const segment = (items: number): Scenario => ({
	name: `Segment: create or override, ${fmt(items)} users`,
	kind: 'segment',
	items,
	minimum: 1 + Math.ceil(items / 25000),
});

const SCENARIOS: Scenario[] = [
	segment(10000),
	segment(100000),
	segment(250000),
	{
		name: 'Engine floor: a no-op node over 100,000 items',
		kind: 'engine-noop',
		items: 100000,
		minimum: 0,
	},
	{
		name: 'Segment baseline: bare fetch, 100,000 users',
		kind: 'segment-fetch',
		items: 100000,
		minimum: 5,
		baselineOf: segment(100000).name,
	},
	{
		name: 'Segment baseline: HTTP Request node, 1 user per request',
		kind: 'segment-httpRequest',
		items: 2000,
		minimum: 2000,
		baselineOf: segment(100000).name,
		fullItems: 100000,
	},
	{
		name: 'Notification: one per item, 1,000 items',
		kind: 'notification-perItem',
		items: 1000,
		minimum: 1000,
	},
	{
		name: 'Notification: all items, 50,000 recipients',
		kind: 'notification-allItems',
		items: 50000,
		minimum: 1,
	},
	{ name: 'Webchat Deep Link: 10,000 users', kind: 'webchat', items: 10000, minimum: 100 },
	{
		name: 'Webchat baseline: bare fetch, 10,000 users',
		kind: 'webchat-fetch',
		items: 10000,
		minimum: 100,
		baselineOf: 'Webchat Deep Link: 10,000 users',
	},
	{
		name: 'Webchat baseline: HTTP Request node, 1 user per request',
		kind: 'webchat-httpRequest',
		items: 2000,
		minimum: 2000,
		baselineOf: 'Webchat Deep Link: 10,000 users',
		fullItems: 10000,
	},
	{
		name: 'Permalink: fields mode, 100,000 items',
		kind: 'permalink-fields',
		items: 100000,
		minimum: 0,
	},
	{
		name: 'Permalink: expression per item, 100,000 items',
		kind: 'permalink-expression',
		items: 100000,
		minimum: 0,
	},
	{
		name: "Permalink: the same expression read by n8n's engine, 100,000 items",
		kind: 'permalink-expression-n8n',
		items: 100000,
		minimum: 0,
	},
	segment(1000000),
	{
		name: 'Segment: create or override, one item holding 1,000,000 IDs',
		kind: 'segment-oneItem',
		items: 1000000,
		minimum: 41,
	},
	{
		...latencyRow('Notification: one per item, 1,000 items'),
		kind: 'notification-perItem',
		items: 1000,
		minimum: 1000,
		parallelism: 5,
	},
	{
		...latencyRow('Webchat Deep Link: 10,000 users'),
		kind: 'webchat',
		items: 10000,
		minimum: 100,
		parallelism: 5,
	},
	{
		...latencyRow('Notification: all items, 50,000 recipients in requests of 10,000'),
		kind: 'notification-allItems',
		items: 50000,
		minimum: 5,
		parallelism: 5,
		recipientsPerRequest: 10000,
	},
	// Override, then adds: the order matters, so these go one after another.
	{
		...latencyRow('Segment: create or override, 100,000 users'),
		kind: 'segment',
		items: 100000,
		minimum: 5,
		parallelism: 1,
	},
];

function latencyRow(name: string): { name: string; latencyMs: number } {
	return { name: `At ${LATENCY_MS} ms a request: ${name}`, latencyMs: LATENCY_MS };
}

function fmt(value: number): string {
	return value.toLocaleString('en-US');
}

async function runChild(job: Job): Promise<JobResult> {
	return await new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			[
				'--expose-gc',
				'--max-old-space-size=4096',
				'-r',
				'ts-node/register/transpile-only',
				path.join(__dirname, 'scenario.ts'),
				JSON.stringify(job),
			],
			{
				cwd: path.join(__dirname, '..'),
				stdio: ['ignore', 'pipe', 'inherit'],
			},
		);
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
		child.on('close', (code) => {
			const last = out.trim().split('\n').pop() ?? '';
			try {
				resolve(JSON.parse(last) as JobResult);
			} catch {
				resolve({
					startedAt: 0,
					wallMs: 0,
					maxRssMb: 0,
					outputItems: 0,
					error: `scenario process exited ${code} without a result`,
				});
			}
		});
	});
}

async function main(): Promise<number> {
	const real = process.argv.includes('--real');
	const n8nDir = ensureN8nInstalled();
	const walkMe = await new WalkMeEmulator({ logBodies: false }).start();
	const openDialog = await new OpenDialogEmulator({ port: 0 }).start();
	openDialog.maxUsers = 100;
	const rows: Row[] = [];
	try {
		for (const scenario of SCENARIOS) {
			walkMe.reset();
			openDialog.reset();
			openDialog.maxUsers = 100;
			walkMe.setLatency(scenario.latencyMs ?? 0, scenario.latencyMs ? LATENCY_JITTER_MS : 0);
			openDialog.setLatency(scenario.latencyMs ?? 0, scenario.latencyMs ? LATENCY_JITTER_MS : 0);
			const systemGuid = randomUUID();
			const segmentGuid =
				scenario.kind === 'segment-httpRequest'
					? walkMe.addSegment(systemGuid, 'CRM mirror')
					: undefined;
			process.stderr.write(`▸ ${scenario.name}\n`);
			const result = await runChild({
				kind: scenario.kind,
				items: scenario.items,
				walkMe: {
					baseUrl: walkMe.baseUrl,
					clientId: walkMe.clientId,
					clientSecret: walkMe.clientSecret,
				},
				openDialog: { baseUrl: openDialog.baseUrl, apiToken: openDialog.apiToken },
				systemGuid,
				segmentGuid,
				n8nDir,
				recipientsPerRequest: scenario.recipientsPerRequest,
			});
			const timed = (entry: { at: number }) => entry.at >= result.startedAt;
			const requests =
				walkMe.requests('segments').filter(timed).length +
				walkMe.requests('notifications').filter(timed).length +
				openDialog.requests('deepLink').filter(timed).length;
			// Warm-up included: one token must serve the whole process.
			const tokens = walkMe.requests('token').length;
			const problems: string[] = [];
			if (result.error) problems.push(`error: ${result.error}`);
			if (requests > scenario.minimum)
				problems.push(`${requests} requests where ${scenario.minimum} suffice`);
			if (requests < scenario.minimum)
				problems.push(`only ${requests} of the ${scenario.minimum} requests needed were made`);
			// Baselines are what they are (n8n's HTTP Request node sends items concurrently, each
			// asking for a token); the package's own nodes must reuse one.
			if (tokens > 1 && !scenario.baselineOf) problems.push(`${tokens} token requests`);
			rows.push({ ...scenario, ...result, requests, tokens, problems });
		}
	} finally {
		await walkMe.stop();
		await openDialog.stop();
	}

	for (const row of rows.filter((entry) => entry.baselineOf)) {
		const subject = rows.find((entry) => entry.name === row.baselineOf);
		if (!subject || subject.wallMs === 0) continue;
		if (row.fullItems) {
			const extrapolated = (row.wallMs / row.items) * row.fullItems;
			row.ratio =
				`${(row.wallMs / row.items).toFixed(2)} ms/item → ${fmt(Math.round(extrapolated / 1000))} ` +
				`s for ${fmt(row.fullItems)}: node ${(extrapolated / subject.wallMs).toFixed(0)}× faster`;
		} else {
			const engine = rows.find(
				(entry) => entry.kind === 'engine-noop' && entry.items === subject.items,
			);
			subject.ratio =
				`${(subject.wallMs / row.wallMs).toFixed(2)}× the bare fetch loop` +
				(engine && engine.wallMs > 0
					? ` (${(subject.wallMs / (row.wallMs + engine.wallMs)).toFixed(2)}× fetch + engine floor)`
					: '');
			row.ratio = 'baseline';
		}
	}

	for (const row of rows.filter((entry) => entry.latencyMs)) {
		const floor = latencyFloorMs(row);
		row.ratio =
			`${(row.wallMs / floor).toFixed(2)}× its floor of ${(floor / 1000).toFixed(2)} s (${fmt(row.minimum)} requests, ` +
			`${row.parallelism} at a time; one at a time: ${((row.minimum * (row.latencyMs ?? 0)) / 1000).toFixed(1)} s)`;
	}

	const header = [
		'scenario',
		'items',
		'wall',
		'peak RSS',
		'requests',
		'minimum',
		'tokens',
		'ratio to baseline',
	];
	const lines = rows.map((row) => [
		row.name,
		fmt(row.items),
		`${(row.wallMs / 1000).toFixed(2)} s`,
		`${row.maxRssMb.toFixed(0)} MB`,
		fmt(row.requests),
		fmt(row.minimum),
		String(row.tokens),
		row.ratio ?? '',
	]);
	const widths = header.map((title, column) =>
		Math.max(title.length, ...lines.map((line) => line[column].length)),
	);
	// The first and the last text columns are left-aligned, the numbers right-aligned.
	const pad = (cell: string, column: number) =>
		column === 0 || column === 7 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]);
	const print = (cells: string[]) =>
		process.stdout.write(`${cells.map((cell, column) => pad(cell, column)).join('  ')}\n`);
	process.stdout.write(
		`\nn8n-nodes-walkme benchmark — ${cpus().length} cores, Node ${process.version}, ` +
			`through n8n's WorkflowExecute against the loopback emulators\n\n`,
	);
	print(header);
	print(widths.map((width) => '-'.repeat(width)));
	lines.forEach(print);

	const problems = rows.flatMap((row) => row.problems.map((problem) => `${row.name}: ${problem}`));
	const targets = [
		target(
			'Segment 250,000: peak RSS under 1 GiB',
			rows,
			segment(250000).name,
			(row) => row.maxRssMb < 1024,
		),
		target(
			'Permalink fields mode: 100,000 items under 3 s',
			rows,
			'Permalink: fields mode, 100,000 items',
			(row) => row.wallMs < 3000,
		),
		ratioTarget(
			rows,
			'Permalink expression per item: no slower than fields mode',
			'Permalink: expression per item, 100,000 items',
			'Permalink: fields mode, 100,000 items',
			1,
		),
		ratioTarget(
			rows,
			"Permalink expression per item: at least 4× faster than every parameter read by n8n's engine",
			'Permalink: expression per item, 100,000 items',
			"Permalink: the same expression read by n8n's engine, 100,000 items",
			0.25,
		),
		ratioTarget(
			rows,
			'Webchat Deep Link 10,000 rows: within 2× the bare fetch loop',
			'Webchat Deep Link: 10,000 users',
			'Webchat baseline: bare fetch, 10,000 users',
			2,
		),
		target(
			'Segment 100,000: within 1.5× (bare fetch + engine floor)',
			rows,
			segment(100000).name,
			(row, base) => {
				const engine = rows.find((entry) => entry.kind === 'engine-noop');
				return row.wallMs <= 1.5 * ((base?.wallMs ?? 0) + (engine?.wallMs ?? 0));
			},
			'Segment baseline: bare fetch, 100,000 users',
		),
		...[
			latencyRow('Notification: one per item, 1,000 items').name,
			latencyRow('Webchat Deep Link: 10,000 users').name,
		].flatMap((name) => [
			target(
				`${name}: within 1.3× its floor`,
				rows,
				name,
				(row) => row.wallMs <= 1.3 * latencyFloorMs(row),
			),
			target(
				`${name}: its floor at least 3× lower than one request at a time`,
				rows,
				name,
				(row) => 3 * latencyFloorMs(row) <= row.minimum * (row.latencyMs ?? 0),
			),
		]),
		...[segment(1000000).name, 'Segment: create or override, one item holding 1,000,000 IDs'].map(
			(name) =>
				target(
					`${name}: 41 requests, 1 token, peak RSS under 1.5 GiB`,
					rows,
					name,
					(row) => row.requests === 41 && row.tokens === 1 && row.maxRssMb < 1536,
				),
		),
	];
	process.stdout.write(`\nTargets (figures, not the exit code):\n${targets.join('\n')}\n`);

	const scimReconciliation = await runScimReconciliation(runChild, {
		walkMe: { baseUrl: '', clientId: '', clientSecret: '' },
		openDialog: { baseUrl: '', apiToken: '' },
		systemGuid: randomUUID(),
		n8nDir,
	});
	process.stdout.write(`\n${scimReconciliation.lines.join('\n')}\n`);
	problems.push(...scimReconciliation.problems);

	const triggerComparison = await runTriggerComparison(n8nDir);
	process.stdout.write(`\n${triggerComparison.lines.join('\n')}\n`);
	problems.push(...triggerComparison.problems);

	let realSummary: unknown;
	if (real) {
		realSummary = await runRealComparison(n8nDir, 20000);
	}

	mkdirSync(RESULTS, { recursive: true });
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const record = {
		at: new Date().toISOString(),
		cores: cpus().length,
		node: process.version,
		rows,
		targets: [
			...targets,
			...scimReconciliation.lines.filter((line) => /[✓✗]/.test(line)),
			...triggerComparison.lines.filter((line) => /[✓✗]/.test(line)),
		],
		trigger: triggerComparison.summary,
		real: realSummary,
	};
	writeFileSync(path.join(RESULTS, `bench-${stamp}.json`), JSON.stringify(record, null, 2));
	writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(record, null, 2));
	writeFileSync(path.join(RESULTS, 'latest.svg'), chart(rows));
	process.stdout.write(
		`\nWritten: bench/results/latest.json, bench/results/latest.svg (and bench-${stamp}.json)\n`,
	);

	if (problems.length > 0) {
		process.stdout.write(
			`\nFAILED checks:\n${problems.map((problem) => `  ✗ ${problem}`).join('\n')}\n`,
		);
		return 1;
	}
	process.stdout.write(
		'\nAll scenarios ran, each at the request floor with at most one token request.\n',
	);
	return 0;
}

/** ceil(requests / parallelism) × latency: the least time the requests can take over that network. */
function latencyFloorMs(row: Row): number {
	return Math.ceil(row.minimum / (row.parallelism ?? 1)) * (row.latencyMs ?? 0);
}

/** A ✓/✗ line for "the row takes at most `limit` × the other row's wall time", with the ratio measured in this run. */
function ratioTarget(
	rows: Row[],
	label: string,
	name: string,
	otherName: string,
	limit: number,
): string {
	const row = rows.find((entry) => entry.name === name);
	const other = rows.find((entry) => entry.name === otherName);
	if (!row || !other || row.error || other.error || other.wallMs === 0)
		return `  ? ${label}: not measured`;
	const ratio = row.wallMs / other.wallMs;
	return (
		`  ${ratio <= limit ? '✓' : '✗'} ${label} (${ratio.toFixed(2)}×: ` +
		`${(row.wallMs / 1000).toFixed(2)} s against ${(other.wallMs / 1000).toFixed(2)} s)`
	);
}

function target(
	label: string,
	rows: Row[],
	name: string,
	ok: (row: Row, base?: Row) => boolean,
	baseName?: string,
): string {
	const row = rows.find((entry) => entry.name === name);
	const base = baseName ? rows.find((entry) => entry.name === baseName) : undefined;
	if (!row || row.error) return `  ? ${label}: not measured`;
	return `  ${ok(row, base) ? '✓' : '✗'} ${label}`;
}

/** Wall time per scenario as horizontal bars (log scale), for comparing runs at a glance. */
function chart(rows: Row[]): string {
	const width = 900;
	const barHeight = 22;
	const left = 420;
	const max = Math.max(...rows.map((row) => row.wallMs), 1);
	const scale = (ms: number) =>
		(Math.log10(Math.max(ms, 1)) / Math.log10(max)) * (width - left - 90);
	const bars = rows
		.map((row, index) => {
			const y = 40 + index * (barHeight + 6);
			const color = row.baselineOf ? '#9aa5b1' : '#2d52e0';
			const label = row.name.replace(/&/g, '&amp;').replace(/</g, '&lt;');
			return (
				`<text x="${left - 8}" y="${y + 15}" text-anchor="end" font-size="12">${label}</text>` +
				`<rect x="${left}" y="${y}" width="${scale(row.wallMs).toFixed(1)}" height="${barHeight}" fill="${color}"/>` +
				`<text x="${left + scale(row.wallMs) + 6}" y="${y + 15}" font-size="12">${(row.wallMs / 1000).toFixed(2)} s</text>`
			);
		})
		.join('');
	const height = 60 + rows.length * (barHeight + 6);
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif"><text ` +
		`x="10" y="22" font-size="14">Wall time per scenario (log scale; grey: baselines)</text>${bars}</svg>\n`
	);
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(
			`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
