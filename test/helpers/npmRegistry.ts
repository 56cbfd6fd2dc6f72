/**
 * A private npm registry (the pinned Verdaccio of scripts/setup-registry.sh) serving TLS under the
 * host name of n8n's default registry on 127.0.0.1:443, under a test CA made here. Run inside the
 * private network of scripts/private-network.sh, which reads that host from n8n's install code
 * (REGISTRY_HOST) and makes it this machine: n8n's Community Nodes install and npm then reach it
 * unchanged, with the test CA trusted through NODE_EXTRA_CA_CERTS.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ROOT } from '../../dev/host';
import { answers, waitUntil } from '../../dev/waitUntil';

export const REGISTRY_HOST = requiredRegistryHost();
export const REGISTRY_URL = `https://${REGISTRY_HOST}`;

export interface NpmRegistry {
	/** The test CA, to trust as NODE_EXTRA_CA_CERTS. */
	caFile: string;
	/** What every process that talks to the registry needs: the CA, and an npm cache of its own. */
	env: NodeJS.ProcessEnv;
	/** Publishes a tarball or a package folder; returns the integrity the registry now serves for it (n8n's checksum). */
	publish: (tarballOrFolder: string) => Promise<string>;
	/** GET below the registry, parsed as JSON. */
	get: (pathBelow: string) => Promise<{ status: number; body: unknown }>;
	log: () => string;
	stop: () => Promise<void>;
}

function requiredRegistryHost(): string {
	const host = process.env.REGISTRY_HOST;
	if (!host)
		throw new Error(
			'REGISTRY_HOST is not set: run the registry tests through scripts/private-network.sh',
		);
	return host;
}

/** Installs (or reuses) the pinned Verdaccio; returns its folder. */
export function ensureVerdaccioInstalled(): string {
	const out = execFileSync('bash', [path.join(ROOT, 'scripts', 'setup-registry.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	return out.trim().split('\n').pop() as string;
}

function openssl(args: string[], cwd: string): void {
	execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA, and a certificate it signed for the registry's host (and 127.0.0.1), valid two days. */
function makeCertificates(dir: string): { ca: string; key: string; cert: string } {
	const file = (name: string) => path.join(dir, name);
	openssl(
		['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', 'ca.key'].concat([
			'-out',
			'ca.pem',
			'-subj',
			'/CN=n8n-nodes-walkme test CA',
		]),
		dir,
	);
	openssl(
		['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr'].concat([
			'-subj',
			`/CN=${REGISTRY_HOST}`,
		]),
		dir,
	);
	writeFileSync(
		file('server.ext'),
		`subjectAltName=DNS:${REGISTRY_HOST},IP:127.0.0.1\nbasicConstraints=CA:FALSE\n` +
			'extendedKeyUsage=serverAuth\n',
	);
	openssl(
		['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key'].concat([
			'-CAcreateserial',
			'-out',
			'server.pem',
			'-days',
			'2',
			'-extfile',
			'server.ext',
		]),
		dir,
	);
	return { ca: file('ca.pem'), key: file('server.key'), cert: file('server.pem') };
}

/** The package.json inside a tarball, extracted into a folder of its own; returns its path. */
function extractManifest(tarball: string, dir: string): string {
	const folder = mkdtempSync(path.join(dir, 'manifest-'));
	execFileSync('tar', ['-xzf', tarball, '-C', folder, 'package/package.json']);
	return path.join(folder, 'package', 'package.json');
}

export async function startNpmRegistry(node24: string, verdaccioDir: string): Promise<NpmRegistry> {
	const dir = mkdtempSync(path.join(tmpdir(), 'walkme-registry-'));
	const { ca, key, cert } = makeCertificates(dir);
	return await startVerdaccio(dir, node24, verdaccioDir, { ca, key, cert });
}

async function startVerdaccio(
	dir: string,
	node24: string,
	verdaccioDir: string,
	tls: { ca: string; key: string; cert: string },
): Promise<NpmRegistry> {
	mkdirSync(path.join(dir, 'storage'), { recursive: true });
	const config = path.join(dir, 'config.yaml');
	writeFileSync(
		config,
		[
			`storage: ${path.join(dir, 'storage')}`,
			'auth:',
			'  htpasswd:',
			`    file: ${path.join(dir, 'htpasswd')}`,
			'    max_users: 10',
			'uplinks: {}',
			'packages:',
			"  '**':",
			'    access: $all',
			'    publish: $authenticated',
			'    unpublish: $authenticated',
			`listen: https://127.0.0.1:443`,
			'https:',
			`  key: ${tls.key}`,
			`  cert: ${tls.cert}`,
			'web:',
			'  enable: false',
			'log: { type: stdout, format: pretty, level: warn }',
			'',
		].join('\n'),
	);
	const child: ChildProcess = spawn(
		node24,
		[path.join(verdaccioDir, 'node_modules', 'verdaccio', 'bin', 'verdaccio'), '--config', config],
		{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let log = '';
	child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
	const closed = new Promise((resolve) => child.once('close', resolve));
	const caText = readFileSync(tls.ca, 'utf8');

	const request = async (
		method: string,
		pathBelow: string,
		body?: unknown,
	): Promise<{ status: number; body: unknown }> =>
		await new Promise((resolve, reject) => {
			const req = https.request(
				`${REGISTRY_URL}${pathBelow}`,
				{
					method,
					ca: caText,
					agent: false,
					headers: body ? { 'Content-Type': 'application/json' } : {},
				},
				(res) => {
					let text = '';
					res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
					res.on('end', () => {
						let parsed: unknown = text;
						try {
							parsed = JSON.parse(text);
						} catch {
							// not JSON: kept as text
						}
						resolve({ status: res.statusCode ?? 0, body: parsed });
					});
				},
			);
			req.on('error', reject);
			req.end(body ? JSON.stringify(body) : undefined);
		});

	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10000))]);
		if (child.exitCode === null) child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitUntil(
			answers(async () => (await request('GET', '/-/ping')).status === 200),
			{
				timeoutMs: 60000,
				intervalMs: 250,
				what: 'Verdaccio',
				log: () => log,
				abortIf: () => (child.exitCode !== null ? 'Verdaccio exited' : undefined),
			},
		);
	} catch (error) {
		await stop();
		throw error;
	}
	const user = await request('PUT', '/-/user/org.couchdb.user:publisher', {
		name: 'publisher',
		password: 'publisher-local-only',
	});
	const token = (user.body as { token?: string }).token;
	if (user.status !== 201 || !token) {
		await stop();
		throw new Error(
			`Verdaccio did not create the publisher (${user.status}): ${JSON.stringify(user.body)}`,
		);
	}
	// Node (n8n's own registry requests) trusts NODE_EXTRA_CA_CERTS; npm (n8n's `npm pack` and
	// `npm install`) trusts only its cafile.
	const env: NodeJS.ProcessEnv = {
		NODE_EXTRA_CA_CERTS: tls.ca,
		npm_config_cafile: tls.ca,
		npm_config_cache: path.join(dir, 'npm-cache'),
	};
	// The publisher's token stays in a settings file of its own, out of every command line and log.
	const publisherConfig = path.join(dir, 'publisher.npmrc');
	writeFileSync(publisherConfig, `//${REGISTRY_HOST}/:_authToken=${token}\n`, { mode: 0o600 });
	return {
		caFile: tls.ca,
		env,
		async publish(tarballOrFolder) {
			execFileSync(
				'npm',
				[
					'publish',
					tarballOrFolder,
					'--provenance=false',
					`--registry=${REGISTRY_URL}/`,
					`--userconfig=${publisherConfig}`,
				],
				{ cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
			);
			const { name, version } = JSON.parse(
				readFileSync(
					tarballOrFolder.endsWith('.tgz')
						? extractManifest(tarballOrFolder, dir)
						: path.join(tarballOrFolder, 'package.json'),
					'utf8',
				),
			) as { name: string; version: string };
			const served = await request('GET', `/${name}/${version}`);
			const integrity = (served.body as { dist?: { integrity?: string } }).dist?.integrity;
			if (served.status !== 200 || !integrity)
				throw new Error(`the registry does not serve ${name}@${version} (${served.status})`);
			return integrity;
		},
		get: async (pathBelow) => await request('GET', pathBelow),
		log: () => log,
		stop,
	};
}
