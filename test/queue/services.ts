/**
 * Real Redis and PostgreSQL from Debian's packages, as n8n's queue mode uses them: installed when
 * absent (CI and developers' machines run as root here), checked after installing, and started on
 * loopback with throw-away data folders and free ports. Everything started is stopped by stop().
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { N8nHost, N8nProcess } from '../../dev/host';
import { freePort } from '../../dev/host';
import { answers, waitUntil } from '../../dev/waitUntil';

const say = (line: string) => process.stderr.write(`[queue] ${line}\n`);

function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
	const bin = version ? path.join(root, version, 'bin') : undefined;
	return bin && existsSync(path.join(bin, 'postgres')) ? bin : undefined;
}

function commandAnswers(command: string, args: string[]): boolean {
	return spawnSync(command, args, { encoding: 'utf8' }).status === 0;
}

/** Installs redis-server and postgresql from Debian when absent, then checks that both run. */
export function ensureDebianPackages(): { redisServer: string; postgresBin: string } {
	const missing: string[] = [];
	if (!commandAnswers('redis-server', ['--version'])) missing.push('redis-server');
	if (!postgresBin()) missing.push('postgresql');
	if (missing.length > 0) {
		if (process.getuid?.() !== 0) {
			throw new Error(
				`Queue-mode tests need ${missing.join(' and ')} from Debian: run as root, or apt-get install -y ${missing.join(' ')}`,
			);
		}
		say(`installing ${missing.join(', ')} from Debian's packages`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
		execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
			stdio: ['ignore', 'ignore', 'inherit'],
			env,
		});
	}
	const bin = postgresBin();
	if (
		!commandAnswers('redis-server', ['--version']) ||
		!bin ||
		!commandAnswers(path.join(bin, 'postgres'), ['--version'])
	) {
		throw new Error('redis-server or postgres does not answer --version after installing');
	}
	return { redisServer: 'redis-server', postgresBin: bin };
}

export interface Service {
	port: number;
	process: ChildProcess;
	log: () => string;
	stop: () => Promise<void>;
}

function track(child: ChildProcess, dataDir: string, port: number): Service {
	let log = '';
	child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
	const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
	return {
		port,
		process: child,
		log: () => log,
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10000))]);
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

export async function startRedis(redisServer: string): Promise<Service> {
	const port = await freePort();
	const dataDir = mkdtempSync(path.join(tmpdir(), 'walkme-redis-'));
	const child = spawn(
		redisServer,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dataDir,
		],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const service = track(child, dataDir, port);
	await waitUntil(() => ping(port), {
		timeoutMs: 60000,
		intervalMs: 200,
		what: 'The start of Redis',
		log: service.log,
	});
	say(`Redis on 127.0.0.1:${port}`);
	return service;
}

async function ping(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' }, () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
	});
}

export interface Postgres extends Service {
	database: string;
	user: string;
	/** Runs SQL with psql and returns the rows, tab-separated. */
	query: (sql: string) => string[][];
}

export async function startPostgres(bin: string): Promise<Postgres> {
	const port = await freePort();
	const dataDir = mkdtempSync(path.join(tmpdir(), 'walkme-pg-'));
	// PostgreSQL refuses to run as root: as root, its own system user runs it.
	const asRoot = process.getuid?.() === 0;
	if (asRoot) execFileSync('chown', ['postgres:postgres', dataDir]);
	const run = (command: string, args: string[]) =>
		(asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]) as [
			string,
			string[],
		];
	const [initCommand, initArgs] = run(path.join(bin, 'initdb'), [
		'-D',
		dataDir,
		'-A',
		'trust',
		'-U',
		'n8n',
		'--no-sync',
		'-E',
		'UTF8',
	]);
	execFileSync(initCommand, initArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
	const [command, args] = run(path.join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-k',
		dataDir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'max_connections=200',
	]);
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const service = track(child, dataDir, port);
	const psql = (database: string, sql: string) =>
		spawnSync(
			path.join(bin, 'psql'),
			['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', database, '-AtF', '\t', '-c', sql],
			{ encoding: 'utf8' },
		);
	await waitUntil(() => psql('postgres', 'select 1').status === 0, {
		timeoutMs: 60000,
		intervalMs: 200,
		what: 'The start of PostgreSQL',
		log: service.log,
	});
	const created = psql('postgres', 'create database n8n');
	if (created.status !== 0) throw new Error(`could not create the database: ${created.stderr}`);
	say(`PostgreSQL ${path.basename(path.dirname(bin))} on 127.0.0.1:${port}`);
	return {
		...service,
		database: 'n8n',
		user: 'n8n',
		query: (sql) => {
			const result = psql('n8n', sql);
			if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
			return result.stdout.trim() === ''
				? []
				: result.stdout
						.trim()
						.split('\n')
						.map((line) => line.split('\t'));
		},
	};
}

/** The environment every n8n process of one queue-mode setup shares: Redis, PostgreSQL, the queue. */
export function queueModeEnv(redis: Service, postgres: Postgres): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_HEALTH_CHECK_ACTIVE: 'false',
		// A killed worker's job is noticed after the lock expires; shortened from n8n's 60 s / 30 s.
		QUEUE_WORKER_LOCK_DURATION: '10000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_POOL_SIZE: '4',
	};
}

/** Starts `n8n worker` on a host and waits until it takes jobs. */
export async function startWorkerProcess(host: N8nHost, name: string): Promise<N8nProcess> {
	const worker = await host.spawn(['worker', '--concurrency=5']);
	await waitUntil(
		() => /worker is now ready|Worker ready|ready to process jobs/i.test(worker.log),
		{
			timeoutMs: 90000,
			what: `The readiness of worker ${name}`,
			log: () => worker.log,
			abortIf: () => (worker.child.exitCode !== null ? `worker ${name} exited` : undefined),
		},
	);
	return worker;
}

/** Starts `n8n webhook` (the webhook processor) on a host and waits until it answers. */
export async function startWebhookProcessor(
	host: N8nHost,
): Promise<{ process: N8nProcess; baseUrl: string }> {
	const port = await freePort();
	const processor = await host.spawn(['webhook'], { N8N_PORT: String(port) });
	const baseUrl = `http://127.0.0.1:${port}`;
	await waitUntil(
		answers(async () => (await fetch(`${baseUrl}/healthz`)).ok),
		{
			timeoutMs: 90000,
			what: 'The start of the webhook processor',
			log: () => processor.log,
			abortIf: () =>
				processor.child.exitCode !== null ? 'the webhook processor exited' : undefined,
		},
	);
	return { process: processor, baseUrl };
}
