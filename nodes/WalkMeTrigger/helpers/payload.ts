import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { isPlainObject } from '../../shared/parameters';
import type { Enrichment } from './events';
import type { Refusal } from './refusal';
import { secretQueryParameter } from './verifySecret';

type RequestWithRawBody = ReturnType<IWebhookFunctions['getRequestObject']> & {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
};

const SENDS_JSON = 'WalkMe Insights sends each event as a JSON object';

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'string' ? 'text' : typeof value;
}

/**
 * The request body as the sender wrote it. n8n parses a body only when its declared type is JSON
 * (and a few others), so the raw bytes are read whatever the type says: an event sent as text/plain,
 * application/octet-stream or with no type at all is still an event.
 */
async function readBody(
	this: IWebhookFunctions,
): Promise<{ empty: true } | { empty: false; value: unknown } | Refusal> {
	const request = this.getRequestObject() as RequestWithRawBody;
	if (request.rawBody === undefined && typeof request.readRawBody === 'function')
		await request.readRawBody();
	const parsed = this.getBodyData() as unknown;
	const text =
		request.rawBody?.toString('utf8') ?? (typeof parsed === 'string' ? parsed : undefined);
	if (text !== undefined) {
		if (text.trim() === '') return { empty: true };
		try {
			return { empty: false, value: JSON.parse(text) as unknown };
		} catch {
			// A form or XML body that n8n itself could parse is read as n8n read it.
			if (isPlainObject(parsed) && Object.keys(parsed).length > 0)
				return { empty: false, value: parsed };
			const declared = request.headers['content-type'] ?? 'none';
			return {
				status: 400,
				message: `The request body is not JSON (Content-Type: ${declared}). ${SENDS_JSON}; nothing was started.`,
			};
		}
	}
	if (parsed === undefined || (isPlainObject(parsed) && Object.keys(parsed).length === 0))
		return { empty: true };
	return { empty: false, value: parsed };
}

/**
 * The payloads the call carries: the query of a GET (without the secret), or the JSON body of a POST,
 * one object or a list of objects. Anything else is refused whole, so a sender is never told that
 * events started when some were dropped.
 */
export async function readPayloads(
	this: IWebhookFunctions,
	options: IDataObject,
): Promise<IDataObject[] | Refusal> {
	const queryParameter = secretQueryParameter(options);
	if (this.getRequestObject().method === 'GET') {
		const query = { ...(this.getQueryData() as IDataObject) };
		delete query[queryParameter];
		if (Object.keys(query).length === 0) {
			return {
				status: 400,
				message:
					"The call carries no event: a GET must carry the event's properties in its query; nothing was started.",
			};
		}
		return [query];
	}

	const body = await readBody.call(this);
	if ('status' in body) return body;
	if (body.empty)
		return {
			status: 400,
			message: `The request body is empty. ${SENDS_JSON}; nothing was started.`,
		};
	const { value } = body;
	if (isPlainObject(value)) return [value as IDataObject];
	if (!Array.isArray(value)) {
		return {
			status: 400,
			message: `The request body is ${kindOf(value)}, not an event. ${SENDS_JSON}; nothing was started.`,
		};
	}
	if (value.length === 0)
		return {
			status: 400,
			message: 'The request body is an empty list: it holds no event; nothing was started.',
		};
	const notEvents = value.flatMap((entry, index) =>
		isPlainObject(entry) ? [] : [`${index + 1} (${kindOf(entry)})`],
	);
	if (notEvents.length > 0) {
		const shown =
			notEvents.slice(0, 5).join(', ') +
			(notEvents.length > 5 ? `, and ${notEvents.length - 5} more` : '');
		return {
			status: 400,
			message: `Entries ${shown} of the list are not event objects. Every entry must be a JSON object; nothing was started.`,
		};
	}
	return value as IDataObject[];
}

/**
 * What an event must carry: at least one property, and the name of the event that happened, either
 * in its own event field or through the option "Event of This Webhook".
 */
export function checkEvent(
	payload: IDataObject,
	walkme: Enrichment,
	position: number,
	eventField: string,
): Refusal | undefined {
	const which = `Event ${position}`;
	if (Object.keys(payload).length === 0) {
		return {
			status: 422,
			message: `${which} carries no properties. Tick the event's properties in the Insights webhook; nothing was started.`,
		};
	}
	if (walkme.event === null) {
		return {
			status: 422,
			message:
				`${which} does not say which WalkMe event happened: send its name in the field "${eventField}", ` +
				'or set the trigger\'s option "Event of This Webhook"; nothing was started.',
		};
	}
	return undefined;
}
