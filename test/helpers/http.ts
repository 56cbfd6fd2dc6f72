/** Calls as WalkMe Insights (or anyone) makes them to a webhook, with what came back. */

/** A JSON POST, timed. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
	const started = Date.now();
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: await response.text(), ms: Date.now() - started };
}

/** Any body and method; the answer parsed as JSON. */
export async function send(
	url: string,
	init: { method?: string; body?: string | Uint8Array; contentType?: string } = {},
) {
	const headers: Record<string, string> = init.contentType
		? { 'Content-Type': init.contentType }
		: {};
	const response = await fetch(url, { method: init.method ?? 'POST', headers, body: init.body });
	return {
		status: response.status,
		body: JSON.parse(await response.text()) as Record<string, unknown>,
	};
}
