/**
 * The shared core on its own, in milliseconds: the error readers, the base URL check, bounded
 * parallel runs and the job runner. Everything else reaches them through n8n's engine and the
 * emulators; these tests pin what they decide.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runJobs } from '../../../nodes/shared/execution';
import { HEADLINE_MAX, fitHeadline, quoteAnswer } from '../../../nodes/shared/errors';
import {
	apiErrorMessage,
	mayHaveActed,
	readHttpFailure,
	readNetworkCode,
	refusedByN8n,
} from '../../../nodes/shared/transport/failures';
import { checkBaseUrl } from '../../../nodes/shared/transport/request';

const node: INode = {
	id: 'core',
	name: 'Core',
	type: 'n8n-nodes-walkme.walkMeSegment',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The two things runJobs asks of n8n's execution context. */
function context(continueOnFail: boolean): IExecuteFunctions {
	return { continueOnFail: () => continueOnFail, getNode: () => node } as IExecuteFunctions;
}

describe('error readers', () => {
	it('find the status, headers and body of a failed call under n8n’s wrapping', () => {
		const http = Object.assign(new Error('Request failed'), {
			response: { status: 429, headers: { 'retry-after': '3' }, data: { message: 'slow down' } },
		});
		const wrapped = new NodeApiError(node, http as never);
		expect(readHttpFailure(wrapped)).toEqual({
			status: 429,
			headers: { 'retry-after': '3' },
			body: { message: 'slow down' },
		});
		// n8n 1.x keeps only the status and the data on its NodeApiError.
		expect(readHttpFailure({ httpCode: '502', context: { data: 'Bad Gateway' } })).toEqual({
			status: 502,
			headers: {},
			body: 'Bad Gateway',
		});
		expect(readHttpFailure(new Error('no answer'))).toBeUndefined();
	});

	it('find the network code in a cause, or in n8n 1.x’s messages', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
			code: 'ECONNREFUSED',
		});
		expect(readNetworkCode(new Error('wrapped', { cause: refused }))).toBe('ECONNREFUSED');
		expect(readNetworkCode({ messages: ['socket hang up ECONNRESET'] })).toBe('ECONNRESET');
		expect(readNetworkCode({ code: 'not a code' })).toBeUndefined();
	});

	it.each([
		[{ message: 'Unauthenticated.' }, 'Unauthenticated.'],
		[
			{
				message: 'The given data was invalid.',
				errors: { dataset: ['Maximum number of users is 100'] },
			},
			'The given data was invalid. dataset: Maximum number of users is 100',
		],
		[
			{ error: 'invalid_client', error_description: 'Client authentication failed' },
			'Client authentication failed',
		],
		[{ error: { message: 'nested' } }, 'nested'],
		[{ detail: 'User already exists', status: '409' }, 'User already exists'],
		['{"message":"as text"}', 'as text'],
		['<html>Bad Gateway</html>', '<html>Bad Gateway</html>'],
		[{}, undefined],
		[null, undefined],
	])('read the API’s own words from %j', (body, words) => {
		expect(apiErrorMessage(body)).toBe(words);
	});

	it('quote an answer on one bounded line', () => {
		expect(quoteAnswer('a\n  b')).toBe('a b');
		expect(quoteAnswer('x'.repeat(400), 10)).toBe(`${'x'.repeat(10)}… (400 characters)`);
		expect(quoteAnswer(undefined)).toBe('(no body)');
	});

	it.each([
		[{ status: 500 }, true],
		[{ status: 502 }, true],
		[{ status: 503 }, false],
		[{ status: 429 }, false],
		[{ status: 400 }, false],
		[{ networkCode: 'ECONNREFUSED' }, false],
		[{ networkCode: 'ENOTFOUND' }, false],
		[{ networkCode: 'ECONNRESET' }, true],
		[{ networkCode: 'ETIMEDOUT' }, true],
		[{}, true],
	])('judge whether %j may have acted: %s', (failure, acted) => {
		expect(mayHaveActed(failure)).toBe(acted);
	});

	it("recognise n8n's SSRF refusal under any wrapping, and nothing else", () => {
		const blocked = Object.assign(
			new Error('The request was blocked because it resolves to a restricted IP address'),
			{ name: 'SsrfBlockedIpError', ip: '127.0.0.1', hostname: 'localhost' },
		);
		const deep = new NodeApiError(node, new Error('token request', { cause: blocked }) as never);
		expect(refusedByN8n(deep)).toEqual({
			reason: 'The request was blocked because it resolves to a restricted IP address',
			host: 'localhost',
		});
		expect(refusedByN8n(new Error('connect ECONNREFUSED'))).toBeUndefined();
	});
});

describe('error headlines', () => {
	const headlineOf = (message: string, description?: string) => {
		const error = fitHeadline(new NodeOperationError(node, message, { description }));
		return [error.message, error.description];
	};

	it('leave a headline of 120 characters or fewer as it is', () => {
		const message = `WalkMe answered 400 to send the notification: ${'x'.repeat(120 - 46)}`;
		expect(message).toHaveLength(HEADLINE_MAX);
		expect(headlineOf(message, 'POST /x')).toEqual([message, 'POST /x']);
	});

	it('end a longer one at its last clause that fits; the rest opens the description', () => {
		const message =
			'User IDs in item 1 holds a user ID longer than 100 characters (101): ' +
			`"${'x'.repeat(101)}"`;
		expect(headlineOf(message, 'WalkMe accepts up to 100.')).toEqual([
			'User IDs in item 1 holds a user ID longer than 100 characters (101)',
			`"${'x'.repeat(101)}" WalkMe accepts up to 100.`,
		]);
		const sentences = `${'A first sentence that says what failed. '.repeat(2)}${'And more. '.repeat(10)}`;
		const [headline, rest] = headlineOf(sentences.trim());
		expect(headline?.length).toBeLessThanOrEqual(HEADLINE_MAX);
		expect(headline).toMatch(/\.$/);
		expect(`${headline} ${rest}`).toBe(sentences.trim());
	});

	it('cut at a word, marked, when no clause ends in time; no word is lost', () => {
		const message = `Segment ${'"Customers of the northern region" '.repeat(5)}could not be found`;
		const [headline, rest] = headlineOf(message);
		expect(headline?.length).toBeLessThanOrEqual(HEADLINE_MAX);
		expect(headline).toMatch(/ …$/);
		expect(`${headline?.replace(/ …$/, '')} ${rest}`).toBe(message);
		const url = `https://example.com/${'a'.repeat(200)}`;
		const [urlHeadline, urlRest] = headlineOf(url);
		expect(urlHeadline?.length).toBeLessThanOrEqual(HEADLINE_MAX);
		expect(`${urlHeadline?.replace(/ …$/, '')}${urlRest}`).toBe(url);
	});
});

describe('checkBaseUrl', () => {
	it.each([
		['https://api.walkme.com/', undefined, { baseUrl: 'https://api.walkme.com' }],
		['http://127.0.0.1:8787', 'a workspace', { baseUrl: 'http://127.0.0.1:8787' }],
		['http://[::1]:8787', 'a workspace', { baseUrl: 'http://[::1]:8787' }],
		[
			'http://acme.example',
			'a workspace',
			{
				problem:
					'The URL must start with https:// (got "http://acme.example"); plain http is allowed only for a workspace on this machine',
			},
		],
		[
			'ftp://acme.example',
			undefined,
			{ problem: 'The URL must start with https:// (got "ftp://acme.example")' },
		],
		['acme', undefined, { problem: 'The URL "acme" is not a URL' }],
	])('%s (plain http for %s) → %j', (raw, plainHttpOnlyFor, expected) => {
		expect(checkBaseUrl(raw, 'The URL', plainHttpOnlyFor)).toEqual(expected);
	});
});

describe('runJobs', () => {
	const inputs = [0, 1, 2, 3].map((index) => ({ itemIndexes: [index], paramIndex: index }));

	it('reads every job before running any: a bad one stops the node with nothing run', async () => {
		const ran: number[] = [];
		await expect(
			runJobs(
				context(false),
				inputs,
				({ paramIndex }) => {
					if (paramIndex === 2)
						throw new NodeOperationError(node, 'Item 2 is bad', { itemIndex: 2 });
					return paramIndex;
				},
				async (job) => {
					ran.push(job);
					return { job };
				},
			),
		).rejects.toThrow('Item 2 is bad');
		expect(ran).toEqual([]);
	});

	it('with On Error → Continue: an error item in place, paired to its input, the others run', async () => {
		const output = await runJobs(
			context(true),
			inputs,
			({ paramIndex }) => {
				if (paramIndex === 1) throw new NodeOperationError(node, 'Item 1 is bad', { itemIndex: 1 });
				return paramIndex;
			},
			async (job) => (job === 3 ? [{ job }, { job, second: true }] : { job }),
		);
		expect(output.map((item) => [item.json.job ?? item.json.error, item.pairedItem])).toEqual([
			[0, { item: 0 }],
			['Item 1 is bad', { item: 1 }],
			[2, { item: 2 }],
			[3, { item: 3 }],
			[3, { item: 3 }],
		]);
	});

	it('in parallel, a failure says which other items were done and which were not started', async () => {
		let error: NodeOperationError | undefined;
		try {
			await runJobs(
				context(false),
				[0, 1, 2, 3, 4, 5].map((index) => ({ itemIndexes: [index], paramIndex: index })),
				({ paramIndex }) => paramIndex,
				async (job) => {
					// Job 1 fails at once; job 0, running beside it, finishes after that.
					if (job === 1) throw new NodeOperationError(node, 'Job 1 failed', { itemIndex: 1 });
					await new Promise((resolve) => setImmediate(resolve));
					return { job };
				},
				{ concurrency: 2 },
			);
		} catch (caught) {
			error = caught as NodeOperationError;
		}
		const said = `${error?.message} ${error?.description ?? ''}`;
		expect(said).toContain('Job 1 failed');
		expect(said).toContain('Other items: item(s) 0 done; item(s) 2–5 not started.');
	});
});
