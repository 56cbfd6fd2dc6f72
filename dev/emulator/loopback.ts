/**
 * What every loopback API stand-in shares: an HTTP server on 127.0.0.1, a log of every request,
 * and faults injected on demand (status codes, Retry-After, slow answers, reset connections, raw
 * bodies). Each API's emulator says which kind a request is and how to answer it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest<Kind extends string = string> {
	method: string;
	path: string;
	/** The query string, without its "?" ('' when there is none). */
	query: string;
	kind: Kind | 'unknown';
	authorization?: string;
	contentType?: string;
	body: unknown;
	/** Users in the body, when the API's emulator counts them. */
	userCount?: number;
	/** The status answered; -1 for a connection closed without an answer. */
	status: number;
	at: number;
	/** When the answer was sent (or the connection closed). */
	answeredAt?: number;
	/** The API key whose credentials the request carried, where the API tells. */
	apiKey?: string;
}

export interface Fault {
	/** Which requests it hits: method and a substring of the path (both optional). */
	method?: string;
	pathIncludes?: string;
	/** …and a substring of the raw body (to hit one of several requests sent at once). */
	bodyIncludes?: string;
	/** …and only requests made with this API key's credentials (its tokens). */
	apiKey?: string;
	/** Skip this many matching requests before the fault starts. */
	after?: number;
	/** How many matching requests it answers; then it is gone. */
	times?: number;
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	/** Answer this late (ms); with no status the real answer follows the delay. */
	delayMs?: number;
	/** Make every issued token invalid before this request is handled (a 401 follows). */
	expireTokens?: boolean;
	/** Handle the request as usual (so its effect happens), then answer with the fault's status. */
	afterHandling?: boolean;
	/** Close the connection without an answer: before handling, or after it with afterHandling. */
	reset?: boolean;
	/** Answer this text as it is (an HTML page, truncated JSON…) instead of `body` as JSON. */
	rawBody?: string;
	/** The Content-Type of rawBody; application/json by default. */
	contentType?: string;
}

export type Reply = (status: number, body?: unknown, headers?: Record<string, string>) => void;

export interface Incoming<Kind extends string> {
	req: http.IncomingMessage;
	entry: LoggedRequest<Kind>;
	raw: string;
	/** The body, parsed as JSON when it says it is JSON. */
	body: unknown;
}

/** A network's delay, added to every API request: a fixed part and a random part up to jitterMs. */
export interface Latency {
	fixedMs: number;
	jitterMs: number;
}

export abstract class LoopbackApi<Kind extends string> {
	readonly log: Array<LoggedRequest<Kind>> = [];
	latency: Latency = { fixedMs: 0, jitterMs: 0 };
	/** API requests being handled now, and the most there were at once since the last reset. */
	inFlight = 0;
	maxInFlight = 0;
	private readonly server: http.Server;
	private faults: Array<Fault & { seen: number; used: number }> = [];
	private port: number;

	constructor(
		port = 0,
		private readonly logBodies = true,
	) {
		this.port = port;
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error: unknown) => {
				send(res, 500, { message: `emulator failure: ${String(error)}` });
			});
		});
		this.server.keepAliveTimeout = 1000;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(): Promise<this> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.port, '127.0.0.1', () => resolve());
		});
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	clearLog(): void {
		this.log.length = 0;
		this.maxInFlight = this.inFlight;
	}

	/** Every API request is answered this much later, as over a real network (0 and 0 turn it off). */
	setLatency(fixedMs: number, jitterMs = 0): this {
		this.latency = { fixedMs, jitterMs };
		return this;
	}

	injectFault(fault: Fault): void {
		this.faults.push({ ...fault, seen: 0, used: 0 });
	}

	clearFaults(): void {
		this.faults = [];
	}

	requests(kind?: Kind): Array<LoggedRequest<Kind>> {
		return kind ? this.log.filter((entry) => entry.kind === kind) : [...this.log];
	}

	/** Which API a path belongs to, or 'unknown'. */
	protected abstract classify(path: string): Kind | 'unknown';

	/** Answers a request of a known kind (after any fault that answers first). */
	protected abstract route(incoming: Incoming<Kind>, reply: Reply): void | Promise<void>;

	/** Control routes under /__emulator/ for another process (tests, the CLI); none by default. */
	protected control(_method: string, _path: string, _raw: string, res: http.ServerResponse): void {
		send(res, 404, { message: 'unknown control route' });
	}

	/** Called when a fault asks for every issued token to be forgotten. */
	protected expireAllTokens(): void {}

	/** The API key a request was made with, for faults that hit one key only; none by default. */
	protected apiKeyOf(_req: http.IncomingMessage): string | undefined {
		return undefined;
	}

	/** How many users a request body carries, for the log. */
	protected countUsers(_body: unknown): number | undefined {
		return undefined;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const raw = await readBody(req);
		if (url.pathname.startsWith('/__emulator/')) {
			this.control(req.method ?? 'GET', url.pathname, raw, res);
			return;
		}
		const contentType = req.headers['content-type'];
		const body = parseBody(raw, contentType);
		const entry: LoggedRequest<Kind> = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.search.replace(/^\?/, ''),
			kind: this.classify(url.pathname),
			authorization: req.headers.authorization,
			contentType,
			body: this.logBodies ? body : undefined,
			userCount: this.countUsers(body),
			status: 0,
			at: Date.now(),
			apiKey: this.apiKeyOf(req),
		};
		this.log.push(entry);
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		res.once('close', () => this.inFlight--);
		const delay = this.latency.fixedMs + Math.random() * this.latency.jitterMs;
		if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
		res.once('close', () => (entry.answeredAt = Date.now()));
		const reply: Reply = (status, replyBody, headers) => {
			entry.status = status;
			send(res, status, replyBody, headers);
		};

		const fault = this.takeFault(entry.method, entry.path, raw, entry.apiKey);
		if (fault?.expireTokens) this.expireAllTokens();
		if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
		const faultReply = () => {
			if (!fault) return;
			if (fault.reset) {
				entry.status = -1;
				res.socket?.destroy();
				return;
			}
			if (fault.rawBody !== undefined) {
				entry.status = fault.status as number;
				res.writeHead(fault.status as number, {
					'Content-Type': fault.contentType ?? 'application/json',
					...(fault.headers ?? {}),
				});
				res.end(fault.rawBody);
				return;
			}
			reply(
				fault.status as number,
				fault.body ?? { message: `injected fault ${fault.status}` },
				fault.headers,
			);
		};
		if (fault && (fault.status || fault.reset) && !fault.afterHandling) return faultReply();
		const respond: Reply = fault?.afterHandling ? () => faultReply() : reply;
		if (entry.kind === 'unknown')
			return respond(404, { message: `No route for ${entry.method} ${entry.path}` });
		await this.route({ req, entry, raw, body }, respond);
	}

	private takeFault(
		method: string,
		path: string,
		raw: string,
		apiKey: string | undefined,
	): Fault | undefined {
		for (const fault of this.faults) {
			if (fault.method && fault.method.toUpperCase() !== method) continue;
			if (fault.apiKey && fault.apiKey !== apiKey) continue;
			if (fault.pathIncludes && !path.includes(fault.pathIncludes)) continue;
			if (fault.bodyIncludes && !raw.includes(fault.bodyIncludes)) continue;
			fault.seen++;
			if (fault.seen <= (fault.after ?? 0)) continue;
			fault.used++;
			if (fault.used >= (fault.times ?? 1)) this.faults = this.faults.filter((f) => f !== fault);
			return fault;
		}
		return undefined;
	}
}

/** The Bearer token of a request, or undefined. */
export function bearerToken(req: http.IncomingMessage): string | undefined {
	return /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
}

function parseBody(raw: string, contentType: string | undefined): unknown {
	if (raw === '') return undefined;
	if ((contentType ?? '').includes('json')) {
		try {
			return JSON.parse(raw);
		} catch {
			return raw;
		}
	}
	return raw;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export function send(
	res: http.ServerResponse,
	status: number,
	body?: unknown,
	headers: Record<string, string> = {},
): void {
	if (res.headersSent) return;
	if (body === undefined || status === 204) {
		res.writeHead(status, headers);
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}
