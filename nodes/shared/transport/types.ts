import type {
	Failure,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import type { FailureCause } from '../failure';

/** Where an API call can be made from: a node run, a list search in the editor, a trigger's poll. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the API's base URL, starting with a slash. */
	path: string;
	body?: IDataObject | IDataObject[];
	/** Names the call in error messages, e.g. "add users to segment (chunk 2 of 3)". */
	purpose: string;
	itemIndex?: number;
	timeoutMs?: number;
	/** Statuses the caller reads itself (returned as a response instead of thrown as an error). */
	acceptStatuses?: number[];
	/** For a call not safe to repeat: what to check when it failed and may still have acted. */
	ifOutcomeUncertain?: string;
	/**
	 * When the caller's time is up (epoch ms; a poll's budget): no attempt runs past it, and a wait
	 * that would end after it fails the call at once, with the wait the API asked for.
	 */
	deadline?: number;
}

export interface ApiResponse {
	statusCode: number;
	/** The answer's headers (lower-case names). */
	headers: Record<string, unknown>;
	body: unknown;
	/** Attempts made, 1 when the first one succeeded. */
	attempts: number;
}

/**
 * What an error status means for this API: the first entry whose status (and path or words) match
 * and that has a hint gives the description's hint; likewise for the cause, where the status alone
 * would say the item's data (a 404 for a segment named in a parameter is the configuration).
 */
export interface StatusHint {
	status: number;
	pathPrefix?: string;
	said?: RegExp;
	hint?: string;
	/** 'item-data': the status names the item's data, which declares no cause. */
	cause?: FailureCause | 'item-data';
}

/** What the transport file of one API tells the core: its name, credential, base URL and words. */
export interface Api {
	/** "WalkMe", "OpenDialog", "WalkMe SCIM": how errors name it. */
	name: string;
	credentialType: string;
	/** The credential's base URL, checked, without a trailing slash. */
	baseUrl: (context: ApiContext, itemIndex: number) => Promise<string>;
	/** The media type of bodies; application/json unless the API names its own. */
	mediaType?: string;
	hints: StatusHint[];
	/** Explains a failure before the API was reached (the credential's token request). */
	explainUnsent?: (error: unknown) => UnsentExplained | undefined;
}

/** Why a call never reached the API, as the credential's token request said. */
export interface UnsentExplained {
	message: string;
	hint?: string;
	failure?: Failure;
	/** The error that said it, kept as the node error's cause (it carries no secret). */
	error?: Error;
}

export interface RetryPolicy {
	retryStatuses: number[];
	/** Failures without an answer after which the call is sent again (ECONNREFUSED…). */
	retryNetworkCodes: string[];
	/** Whether a failure can leave the server having acted, which the error must then say. */
	notSafeToRepeat: boolean;
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest Retry-After the node waits for; a longer one fails the call instead of stalling it. */
	maxRetryAfterMs: number;
}

/** A credential's base URL, checked: the URL, or what is wrong with it. */
export type BaseUrlResolution =
	| { baseUrl: string; problem?: undefined }
	| { baseUrl?: undefined; problem: string };
