import type { Failure, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { declareFailure, failureOf } from './failure';
import type { FailureCause } from './failure';

/** The most characters of an error's headline: the red line of n8n's editor. */
export const HEADLINE_MAX = 120;

/**
 * Keeps a headline within HEADLINE_MAX: a longer one ends at its last clause that fits, and the
 * rest opens the description, so no word is lost (the API's words or a long quoted value).
 */
export function fitHeadline<E extends NodeOperationError | NodeApiError>(error: E): E {
	const message = error.message;
	if (message.length <= HEADLINE_MAX) return error;
	const head = message.slice(0, HEADLINE_MAX);
	const clause = Math.max(head.lastIndexOf('. '), head.lastIndexOf('; '), head.lastIndexOf(': '));
	let kept: string;
	let rest: string;
	if (clause > 40) {
		kept = message.slice(0, message[clause] === '.' ? clause + 1 : clause);
		rest = message.slice(clause + 1);
	} else {
		// No clause ends in time: cut at the last word that fits (or within a very long one), marked.
		const space = head.lastIndexOf(' ', HEADLINE_MAX - 3);
		const at = space > 40 ? space : HEADLINE_MAX - 3;
		kept = `${message.slice(0, at).trim()} …`;
		rest = message.slice(at);
	}
	error.message = kept.trim();
	error.description = [rest.trim(), error.description].filter(Boolean).join(' ');
	return error;
}

/**
 * An error about the credential or the node's settings (not an item's data), declaring its cause so
 * that n8n waits for someone to act rather than polling again.
 */
export function settingError(
	node: INode,
	message: string,
	cause: FailureCause,
	options: { itemIndex?: number; description?: string } = {},
): NodeOperationError {
	const failure = failureOf(cause);
	return declareFailure(new NodeOperationError(node, message, { ...options, failure }), failure);
}

/**
 * Bad input, caught before anything is sent: the headline opens with the field and the item
 * ("Template ID in item 3 is not a template GUID: …"); `problem` may open with a colon.
 */
export function inputError(
	context: { getNode(): INode },
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	const message = `${field} in item ${itemIndex}${problem.startsWith(':') ? '' : ' '}${problem}`;
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

/** An error and the errors it wraps (`cause`), outermost first: n8n wraps ours several times. */
export function* causes(error: unknown): Generator<Record<string, unknown>> {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
		yield current as Record<string, unknown>;
		current = (current as { cause?: unknown }).cause;
	}
}

/** The failure an error, or an error it wraps, declared (n8n-workflow's `failure`), if any. */
export function declaredFailure(error: unknown): Failure | undefined {
	for (const { failure } of causes(error)) {
		if (failure && typeof failure === 'object' && 'cause' in failure) return failure as Failure;
	}
	return undefined;
}

/**
 * Whether a call that failed with this error may still have been carried out by the server, as the
 * transport judged it and wrote on the error's context (which n8n carries to any error wrapping it).
 */
export function outcomeUncertain(error: unknown): boolean {
	const context = (error as { context?: { mayHaveActed?: unknown } } | null)?.context;
	return context?.mayHaveActed === true;
}

/** A bounded, one-line quote of an answer for an error message. */
export function quoteAnswer(body: unknown, max = 300): string {
	let text: string;
	if (body === undefined) text = '(no body)';
	else if (typeof body === 'string') text = body === '' ? '(empty body)' : body;
	else {
		try {
			text = JSON.stringify(body) ?? String(body);
		} catch {
			text = String(body);
		}
	}
	text = text.replace(/\s+/g, ' ').trim();
	return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}
