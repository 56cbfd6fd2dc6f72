/**
 * A scripted OpenAI-compatible chat model on loopback (a test fixture, not a model): the first
 * Chat Completions call of a conversation is answered with a fixed plan of tool calls, matched by
 * name to the tools the agent offers; the next, which carries the tools' results, with a final
 * answer built from those results. It records every request, so the tool schemas the model was
 * offered can be read and checked. Answers plain JSON or a stream, as the client asks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PlannedCall {
	/** Picks the offered tool by its name, e.g. /segment/i. */
	tool: RegExp;
	arguments: Record<string, unknown>;
}

export interface OfferedTool {
	name: string;
	description: string;
	parameters: unknown;
}

interface ChatRequest {
	model?: string;
	stream?: boolean;
	messages: Array<{ role: string; content?: unknown; tool_calls?: unknown[] }>;
	tools?: Array<{ type: string; function: OfferedTool }>;
}

export class ScriptedChatModel {
	readonly requests: ChatRequest[] = [];
	private readonly server: http.Server;
	private port = 0;

	constructor(
		private readonly plan: PlannedCall[],
		private readonly finalAnswer: (toolResults: string[]) => string,
	) {
		this.server = http.createServer((req, res) => void this.handle(req, res));
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}/v1`;
	}

	/** The tools offered in the first request. */
	get offeredTools(): OfferedTool[] {
		return (this.requests[0]?.tools ?? []).map((tool) => tool.function);
	}

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		let raw = '';
		for await (const chunk of req) raw += (chunk as Buffer).toString('utf8');
		const url = req.url ?? '';
		if (req.method === 'GET' && url.endsWith('/models')) {
			res
				.writeHead(200, { 'Content-Type': 'application/json' })
				.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted-model', object: 'model' }] }));
			return;
		}
		if (req.method !== 'POST' || !url.endsWith('/chat/completions')) {
			res
				.writeHead(404, { 'Content-Type': 'application/json' })
				.end(JSON.stringify({ error: { message: `no route ${req.method} ${url}` } }));
			return;
		}
		const request = JSON.parse(raw) as ChatRequest;
		this.requests.push(request);
		const toolResults = request.messages
			.filter((message) => message.role === 'tool')
			.map((message) => String(message.content ?? ''));
		const message =
			toolResults.length === 0
				? {
						role: 'assistant',
						content: null,
						tool_calls: this.plan.map((call, index) => {
							const tool = (request.tools ?? []).find((offered) =>
								call.tool.test(offered.function.name),
							);
							return {
								id: `call_${index + 1}`,
								type: 'function',
								function: {
									name: tool?.function.name ?? `missing-tool-${String(call.tool)}`,
									arguments: JSON.stringify(call.arguments),
								},
							};
						}),
					}
				: { role: 'assistant', content: this.finalAnswer(toolResults) };
		const finish = toolResults.length === 0 ? 'tool_calls' : 'stop';
		const base = {
			id: `chatcmpl-${this.requests.length}`,
			created: Math.floor(Date.now() / 1000),
			model: request.model ?? 'scripted-model',
		};
		if (!request.stream) {
			res.writeHead(200, { 'Content-Type': 'application/json' }).end(
				JSON.stringify({
					...base,
					object: 'chat.completion',
					choices: [{ index: 0, message, finish_reason: finish }],
					usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
				}),
			);
			return;
		}
		res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
		const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
		const delta =
			'tool_calls' in message && message.tool_calls
				? {
						role: 'assistant',
						content: null,
						tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })),
					}
				: { role: 'assistant', content: message.content };
		send({
			...base,
			object: 'chat.completion.chunk',
			choices: [{ index: 0, delta, finish_reason: null }],
		});
		send({
			...base,
			object: 'chat.completion.chunk',
			choices: [{ index: 0, delta: {}, finish_reason: finish }],
			usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
		});
		res.end('data: [DONE]\n\n');
	}
}
