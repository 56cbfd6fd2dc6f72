import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/** Why a call is turned away: an HTTP status and a message for the sender, who sees nothing else. */
export interface Refusal {
	status: number;
	message: string;
}

export function isRefusal(value: unknown): value is Refusal {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as Refusal).status === 'number' &&
		typeof (value as Refusal).message === 'string'
	);
}

/** Answers the sender with the refusal; n8n starts no execution. */
export function refuse(this: IWebhookFunctions, refusal: Refusal): IWebhookResponseData {
	this.getResponseObject()
		.status(refusal.status)
		.json({ received: false, started: false, message: refusal.message });
	return { noWebhookResponse: true };
}
