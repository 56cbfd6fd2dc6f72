/**
 * The WalkMe Trigger's webhook() called as n8n calls it, with n8n's webhook context stood in for
 * (as n8n's own GitHub and Stripe trigger tests do): the request, the credential store and the
 * response are the edge; the node's code runs as it is.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { WalkMeTrigger } from '../../../nodes/WalkMeTrigger/WalkMeTrigger.node';

const SECRET = 'a-secret-of-enough-length-2026';

interface Call {
	method?: 'GET' | 'POST';
	query?: IDataObject;
	headers?: Record<string, string>;
	/** What n8n parsed (for JSON bodies), and the raw bytes it read. */
	parsedBody?: unknown;
	rawBody?: string;
	parameters?: IDataObject;
	credential?: { chosen: boolean; read: () => Promise<IDataObject> };
}

function webhookContext(call: Call) {
	const answered: { status?: number; body?: unknown } = {};
	const logged: string[] = [];
	const headers = { ...(call.headers ?? {}) };
	const request = {
		method: call.method ?? 'POST',
		headers,
		rawBody: call.rawBody === undefined ? undefined : Buffer.from(call.rawBody, 'utf8'),
	};
	const parameters: IDataObject = {
		options: {},
		itemTypes: [],
		events: [],
		...(call.parameters ?? {}),
	};
	const context = {
		getNode: () => ({
			name: 'WalkMe Trigger',
			credentials: call.credential?.chosen
				? { walkMeWebhookApi: { id: 'cred-1', name: 'Insights secret' } }
				: undefined,
		}),
		getWorkflow: () => ({ id: 'wf-1' }),
		getCredentials: async () => {
			if (!call.credential?.chosen) throw new Error('Node does not have any credentials set');
			return await call.credential.read();
		},
		getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback,
		getRequestObject: () => request,
		getResponseObject: () => ({
			status(code: number) {
				answered.status = code;
				return this;
			},
			json(body: unknown) {
				answered.body = body;
				return this;
			},
		}),
		getQueryData: () => call.query ?? {},
		getHeaderData: () => headers,
		getBodyData: () => call.parsedBody ?? {},
		logger: {
			error: (message: string) => logged.push(message),
			warn: () => {},
			info: () => {},
			debug: () => {},
		},
	};
	return { context: context as unknown as IWebhookFunctions, answered, logged };
}

async function callWebhook(call: Call) {
	const { context, answered, logged } = webhookContext(call);
	const result = await new WalkMeTrigger().webhook.call(context);
	return { result, answered, logged };
}

const event = { type: 'ShoutOut', event: 'Click', 'wm.euId': 'ana@example.com', oId: 7 };
const jsonCall = (
	body: unknown,
	headers: Record<string, string> = { 'content-type': 'application/json' },
): Call => ({
	rawBody: JSON.stringify(body),
	parsedBody: headers['content-type'] === 'application/json' ? body : undefined,
	headers,
});
const withSecret = (read: () => Promise<IDataObject>) => ({ chosen: true, read });

describe('the trigger refuses a call whose secret cannot be checked (fail closed)', () => {
	it.each([
		[
			'the credential no longer exists',
			async () => Promise.reject(new Error('Could not find credential with ID "cred-1"')),
		],
		[
			'n8n cannot decrypt the credential',
			async () =>
				Promise.reject(
					new Error(
						'Credentials could not be decrypted. The likely reason is that a different "encryptionKey" was used',
					),
				),
		],
		['the Secret is empty', async () => ({ secret: '' })],
		['the Secret is missing', async () => ({})],
	])(
		'%s: 500, nothing started, the reason in the log and not in the answer',
		async (_case, read) => {
			const { result, answered, logged } = await callWebhook({
				...jsonCall(event),
				credential: withSecret(read),
			});
			expect(result).toEqual({ noWebhookResponse: true });
			expect(answered.status).toBe(500);
			expect(answered.body).toEqual({
				received: false,
				started: false,
				message:
					'This WalkMe webhook is set up with a secret that n8n cannot check, so it accepts no call. Nothing was started; the n8n log says why.',
			});
			expect(logged).toHaveLength(1);
			expect(logged[0]).toMatch(
				/^WalkMe Trigger "WalkMe Trigger" \(workflow wf-1\) refused a call: its secret credential "Insights secret" cannot be checked because/,
			);
		},
	);

	it('does not let a caller in by sending the empty secret for an empty Secret', async () => {
		const { answered } = await callWebhook({
			...jsonCall(event),
			query: { secret: '' },
			credential: withSecret(async () => ({ secret: '' })),
		});
		expect(answered.status).toBe(500);
	});

	it('a readable secret: a wrong or missing one gets 401, the right one in the query or the header starts the workflow', async () => {
		const credential = withSecret(async () => ({ secret: SECRET }));
		const wrong = await callWebhook({
			...jsonCall(event),
			query: { secret: `${SECRET}x` },
			credential,
		});
		const missing = await callWebhook({ ...jsonCall(event), credential });
		for (const { answered, result } of [wrong, missing]) {
			expect(result).toEqual({ noWebhookResponse: true });
			expect(answered).toEqual({
				status: 401,
				body: {
					received: false,
					started: false,
					message: 'Unauthorized: this WalkMe webhook needs its secret',
				},
			});
		}
		const inQuery = await callWebhook({
			...jsonCall(event),
			query: { secret: SECRET },
			credential,
		});
		const inHeader = await callWebhook({
			...jsonCall(event, { 'content-type': 'application/json', 'x-walkme-secret': SECRET }),
			credential,
		});
		for (const { result } of [inQuery, inHeader])
			expect(result.webhookResponse).toEqual({ received: true, started: true, events: 1 });
	});

	it('without a credential chosen, the URL alone is the secret', async () => {
		const { result } = await callWebhook(jsonCall(event));
		expect(result.workflowData?.[0][0].json).toMatchObject({
			...event,
			walkme: { itemType: 'ShoutOut', event: 'Click', userId: 'ana@example.com' },
		});
	});
});

describe('the trigger reads a JSON event whatever its declared type', () => {
	it.each([['text/plain'], ['application/octet-stream'], ['text/plain; charset=utf-8']])(
		'sent as %s',
		async (contentType) => {
			const { result } = await callWebhook({
				rawBody: JSON.stringify(event),
				parsedBody: contentType.startsWith('text/plain') ? JSON.stringify(event) : undefined,
				headers: { 'content-type': contentType },
			});
			expect(result.webhookResponse).toEqual({ received: true, started: true, events: 1 });
			expect(result.workflowData?.[0][0].json).toMatchObject({
				...event,
				walkme: { itemType: 'ShoutOut', event: 'Click' },
			});
		},
	);

	it('sent with no content type', async () => {
		const { result } = await callWebhook({
			rawBody: JSON.stringify([event, { ...event, oId: 8 }]),
			headers: {},
		});
		expect(result.webhookResponse).toEqual({ received: true, started: true, events: 2 });
		expect(result.workflowData?.[0].map((item) => item.json.oId)).toEqual([7, 8]);
	});

	it('a form body n8n parsed is read as n8n read it', async () => {
		const { result } = await callWebhook({
			rawBody: 'type=ShoutOut&event=Click',
			parsedBody: { type: 'ShoutOut', event: 'Click' },
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		expect(result.webhookResponse).toEqual({ received: true, started: true, events: 1 });
	});
});

describe('the trigger refuses what is not an event, with a 4xx that says why', () => {
	it.each([
		[
			'a body that is not JSON',
			{ rawBody: 'type=ShoutOut, event=Click', headers: { 'content-type': 'text/plain' } },
			400,
			'The request body is not JSON (Content-Type: text/plain). WalkMe Insights sends each event as a JSON object; nothing was started.',
		],
		[
			'an empty body',
			{ rawBody: '', headers: { 'content-type': 'application/json' } },
			400,
			'The request body is empty. WalkMe Insights sends each event as a JSON object; nothing was started.',
		],
		[
			'a body of spaces',
			{ rawBody: '  \n', headers: {} },
			400,
			'The request body is empty. WalkMe Insights sends each event as a JSON object; nothing was started.',
		],
		[
			'an empty list',
			jsonCall([]),
			400,
			'The request body is an empty list: it holds no event; nothing was started.',
		],
		[
			'a list holding no objects',
			jsonCall([1, 'x', null]),
			400,
			'Entries 1 (number), 2 (text), 3 (null) of the list are not event objects. Every entry must be a JSON object; nothing was started.',
		],
		[
			'a list with one entry that is not an object',
			jsonCall([event, [event]]),
			400,
			'Entries 2 (a list) of the list are not event objects. Every entry must be a JSON object; nothing was started.',
		],
		[
			'a JSON text',
			jsonCall('ShoutOut clicked'),
			400,
			'The request body is text, not an event. WalkMe Insights sends each event as a JSON object; nothing was started.',
		],
		[
			'JSON null',
			jsonCall(null),
			400,
			'The request body is null, not an event. WalkMe Insights sends each event as a JSON object; nothing was started.',
		],
		[
			'an empty object',
			jsonCall({}),
			422,
			"Event 1 carries no properties. Tick the event's properties in the Insights webhook; nothing was started.",
		],
		[
			'an event that names no event',
			jsonCall({ 'wm.euId': 'ana@example.com' }),
			422,
			'Event 1 does not say which WalkMe event happened: send its name in the field ' +
				'"event", or set the trigger\'s option "Event of This Webhook"; nothing was started.',
		],
		[
			'a list whose second event names no event',
			jsonCall([event, { oId: 9 }]),
			422,
			'Event 2 does not say which WalkMe event happened: send its name in the field ' +
				'"event", or set the trigger\'s option "Event of This Webhook"; nothing was started.',
		],
		[
			'a GET carrying only the secret',
			{
				method: 'GET' as const,
				query: { secret: SECRET },
				credential: withSecret(async () => ({ secret: SECRET })),
			},
			400,
			"The call carries no event: a GET must carry the event's properties in its query; nothing was started.",
		],
		[
			'a GET carrying nothing',
			{ method: 'GET' as const, query: {} },
			400,
			"The call carries no event: a GET must carry the event's properties in its query; nothing was started.",
		],
	])('%s', async (_case, call: Call, status, message) => {
		const { result, answered } = await callWebhook(call);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(result.workflowData).toBeUndefined();
		expect(answered).toEqual({ status, body: { received: false, started: false, message } });
	});

	it('an event that names no event is started when the option "Event of This Webhook" names it', async () => {
		const { result } = await callWebhook({
			...jsonCall({ 'wm.euId': 'ana@example.com' }),
			parameters: { options: { webhookEvent: 'Survey|Submitted' } },
		});
		expect(result.workflowData?.[0][0].json.walkme).toMatchObject({
			itemType: 'Survey',
			event: 'Submitted',
			userId: 'ana@example.com',
		});
	});
});

describe("the trigger's filters, and the reason it gives", () => {
	it('says which filter left an event out', async () => {
		const parameters = { itemTypes: ['Survey'] };
		const { result } = await callWebhook({ ...jsonCall(event), parameters });
		expect(result).toEqual({
			webhookResponse: {
				received: true,
				started: false,
				reason: "ShoutOut: Click is not among the trigger's Item Types",
			},
		});
		const byEvent = await callWebhook({ ...jsonCall(event), parameters: { events: ['Play'] } });
		expect(byEvent.result.webhookResponse).toEqual({
			received: true,
			started: false,
			reason: "ShoutOut: Click is not among the trigger's Events",
		});
		const unknown = await callWebhook({
			...jsonCall({ ...event, event: 'Dance' }),
			parameters: { options: { unknownEvents: 'drop' } },
		});
		expect(unknown.result.webhookResponse).toEqual({
			received: true,
			started: false,
			reason:
				"ShoutOut: Dance is not in WalkMe's table of item events, which the trigger is set to ignore",
		});
	});

	it('starts the events that pass and names those left out', async () => {
		const { result } = await callWebhook({
			...jsonCall([event, { ...event, type: 'Survey', event: 'Submitted' }]),
			parameters: { events: ['Click'] },
		});
		expect(result.webhookResponse).toEqual({
			received: true,
			started: true,
			events: 1,
			ignored: ["Survey: Submitted is not among the trigger's Events"],
		});
		expect(result.workflowData?.[0]).toHaveLength(1);
	});
});
