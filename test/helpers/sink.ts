import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { EXAMPLE_CREDENTIALS, chainWorkflow } from '../../dev/host';

/** A loopback HTTP endpoint that keeps every JSON body POSTed to it (where workflows report). */
export interface Sink {
	server: http.Server;
	url: string;
	received: Array<Record<string, any>>;
	/** When each body arrived (epoch ms), in the same order. */
	arrivals: number[];
}

export async function startSink(): Promise<Sink> {
	const received: Array<Record<string, any>> = [];
	const arrivals: number[] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			received.push(JSON.parse(body) as Record<string, any>);
			arrivals.push(Date.now());
			res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		server,
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
		received,
		arrivals,
	};
}

/** Stops the sink, also closing the keep-alive connections n8n's HTTP Request node leaves open. */
export async function stopSink(sink: Sink | undefined): Promise<void> {
	if (!sink) return;
	sink.server.closeAllConnections();
	await new Promise((resolve) => sink.server.close(resolve));
}

/** The node that posts each item it gets to the sink, as the last node of a test workflow. */
export function sinkNode(url: string) {
	return {
		name: 'Sink',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify($json) }}',
			options: {},
		},
	};
}

/**
 * WalkMe Activity Trigger (every minute, pages of 5 unless `options` say otherwise) → the sink: each
 * event the trigger emits is posted there, for the tests that count them.
 */
export function activityToSinkWorkflow(
	id: string,
	sinkUrl: string,
	options: Record<string, unknown> = {},
): Record<string, unknown> {
	return chainWorkflow(id, [
		{
			name: 'WalkMe Activity Trigger',
			type: 'n8n-nodes-walkme.walkMeActivityTrigger',
			typeVersion: 1,
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				options: { pageSize: 5, ...options },
			},
			credentials: { walkMeOAuth2Api: EXAMPLE_CREDENTIALS.walkMeOAuth2Api },
		},
		sinkNode(sinkUrl),
	]);
}
