/** A real MCP client: the protocol's official TypeScript SDK, over streamable HTTP. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export type McpClient = Client;

/** Connects to an MCP server, with `Authorization: Bearer <token>` when a token is given. */
export async function connectMcp(url: string, token?: string): Promise<McpClient> {
	const client = new Client({ name: 'n8n-nodes-walkme-tests', version: '1.0.0' });
	const transport = new StreamableHTTPClientTransport(new URL(url), {
		requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
	});
	await client.connect(transport);
	return client;
}

/** The text of a tool's answer (MCP content parts of type text, joined). */
export function toolText(result: unknown): string {
	const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
	return content
		.filter((part) => part.type === 'text')
		.map((part) => part.text ?? '')
		.join('\n');
}
