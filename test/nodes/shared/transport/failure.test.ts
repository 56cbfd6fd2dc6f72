/**
 * The cause each failure declares (n8n-workflow's `failure`), which n8n's poll scheduler backs off
 * by: through n8n's engine against the emulators, for the action nodes, the Activity Trigger's poll
 * and the WalkMe credential's token request.
 */
import type { IDataObject } from 'n8n-workflow';

import { OpenDialogEmulator } from '../../../../dev/emulator/openDialog';
import { ScimEmulator } from '../../../../dev/emulator/scim';
import { WalkMeEmulator } from '../../../../dev/emulator/server';
import type { Fault } from '../../../../dev/emulator/loopback';
import {
	SYSTEM_GUID,
	openDialogCredential,
	scimCredential,
	walkMeCredential,
} from '../../../../dev/walkme';
import { runNode, runPoll } from '../../../../dev/workflow';
import { emulatorPerFile } from '../../../helpers/emulators';

const walkMe = emulatorPerFile(new WalkMeEmulator());
const openDialog = emulatorPerFile(new OpenDialogEmulator());
const scim = emulatorPerFile(new ScimEmulator());

/** The failure n8n reads, the HTTP status it finds, and the headline, of an error. */
function declared(error: unknown) {
	const { failure, httpCode, message } = (error ?? {}) as {
		failure?: IDataObject;
		httpCode?: string;
		message?: string;
	};
	return { failure, httpCode: httpCode ?? undefined, message };
}

/** Reads the activity log once through the Activity Log node. */
async function readLog(credentials = walkMeCredential(walkMe)) {
	return await runNode({
		nodeType: 'walkMeActivityLog',
		credentials,
		parameters: { resource: 'activity', operation: 'getAll', returnAll: true },
	});
}

/** One scheduled poll of the Activity Trigger from a stored cursor. */
async function poll(credentials = walkMeCredential(walkMe), budgetMs = 30000) {
	return await runPoll({
		nodeType: 'walkMeActivityTrigger',
		typeVersion: 2,
		parameters: {},
		credentials,
		staticData: { lastTimestamp: Date.now() - 60000, idsAtLast: [] },
		budgetMs,
	});
}

const LOG = '/public/v1/activitylog';
const TOKEN = '/accounts/connect/token';
const many = (fault: Fault): Fault => ({ times: 20, ...fault });

describe('every failure declares its cause for n8n, with its HTTP status', () => {
	const cases: Array<[string, Fault, IDataObject, string | undefined]> = [
		[
			'API 401 after a fresh token',
			many({ pathIncludes: LOG, status: 401 }),
			{ cause: 'credential-invalid' },
			'401',
		],
		[
			'API 403 (the key lacks the API)',
			many({ pathIncludes: LOG, status: 403 }),
			{ cause: 'configuration-invalid' },
			'403',
		],
		[
			'429 with Retry-After in seconds',
			many({ pathIncludes: LOG, status: 429, headers: { 'Retry-After': '600' } }),
			{ cause: 'rate-limited', retryAfterMs: 600000 },
			'429',
		],
		['502', many({ pathIncludes: LOG, status: 502 }), { cause: 'temporarily-unavailable' }, '502'],
		['503', many({ pathIncludes: LOG, status: 503 }), { cause: 'temporarily-unavailable' }, '503'],
		['504', many({ pathIncludes: LOG, status: 504 }), { cause: 'temporarily-unavailable' }, '504'],
		[
			'503 with Retry-After, past what the node waits',
			many({ pathIncludes: LOG, status: 503, headers: { 'Retry-After': '300' } }),
			{ cause: 'temporarily-unavailable', retryAfterMs: 300000 },
			'503',
		],
		[
			'a lost connection',
			many({ pathIncludes: LOG, reset: true }),
			{ cause: 'temporarily-unavailable' },
			undefined,
		],
		[
			'an answer that is not the API’s (an HTML page)',
			{
				pathIncludes: LOG,
				status: 200,
				rawBody: '<html>proxy login</html>',
				contentType: 'text/html',
			},
			{ cause: 'configuration-invalid' },
			'200',
		],
		[
			'token refused: 400 invalid_client',
			many({ pathIncludes: TOKEN, status: 400, body: { error: 'invalid_client' } }),
			{ cause: 'credential-invalid' },
			undefined,
		],
		[
			'token refused: 401',
			many({ pathIncludes: TOKEN, status: 401, body: { error: 'invalid_client' } }),
			{ cause: 'credential-invalid' },
			undefined,
		],
		[
			'token refused: 403',
			many({ pathIncludes: TOKEN, status: 403 }),
			{ cause: 'credential-invalid' },
			undefined,
		],
		[
			'token request rate-limited',
			many({ pathIncludes: TOKEN, status: 429, headers: { 'Retry-After': '120' } }),
			{ cause: 'rate-limited', retryAfterMs: 120000 },
			undefined,
		],
		[
			'token endpoint down',
			many({ pathIncludes: TOKEN, status: 503 }),
			{ cause: 'temporarily-unavailable' },
			undefined,
		],
	];

	it.each(cases)(
		'%s: the Activity Log node and the Activity Trigger',
		async (_, fault, failure, status) => {
			walkMe.injectFault({ ...fault });
			const { error } = await readLog();
			expect(declared(error).failure).toEqual(failure);
			expect(declared(error).httpCode).toBe(status);

			walkMe.clearFaults();
			walkMe.injectFault({ ...fault });
			const polled = await poll();
			expect(declared(polled.error).failure).toEqual(failure);
			expect(declared(polled.error).httpCode).toBe(status);
		},
	);

	it('429 with Retry-After as an HTTP date: the wait until then', async () => {
		const at = new Date(Date.now() + 900000).toUTCString();
		walkMe.injectFault(many({ pathIncludes: LOG, status: 429, headers: { 'Retry-After': at } }));
		const { failure } = declared((await poll()).error);
		expect(failure?.cause).toBe('rate-limited');
		expect(failure?.retryAfterMs).toBeGreaterThan(890000);
		expect(failure?.retryAfterMs).toBeLessThanOrEqual(900000);
	});

	it('a revoked key: the token request is refused, credential-invalid, and no API call is made', async () => {
		const credentials = walkMeCredential(walkMe);
		const clientId = Object.values(credentials)[0].id;
		walkMe.revokeApiKey(`test-client-${clientId.replace('walkme-', '')}`);
		const { error } = await poll(credentials);
		expect(declared(error).failure).toEqual({ cause: 'credential-invalid' });
		expect(declared(error).message).toContain('WalkMe did not issue a token (HTTP 401');
		expect(walkMe.requests('activity')).toEqual([]);
	});

	it('n8n finds the status and Retry-After on the error’s cause too, but no request header', async () => {
		walkMe.injectFault(many({ pathIncludes: LOG, status: 429, headers: { 'Retry-After': '600' } }));
		const { error } = await readLog();
		const cause = (error as { cause?: { response?: IDataObject } }).cause;
		expect(cause?.response).toEqual({ status: 429, headers: { 'retry-after': '600' } });
		expect(JSON.stringify(error)).not.toMatch(/Bearer|Authorization/i);
	});

	it('a Segment named by its parameters that WalkMe does not have: configuration-invalid', async () => {
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(walkMe),
			parameters: {
				resource: 'segment',
				operation: 'delete',
				systemGuid: SYSTEM_GUID,
				segmentId: { __rl: true, mode: 'id', value: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9' },
			},
		});
		expect(declared(error)).toMatchObject({
			failure: { cause: 'configuration-invalid' },
			httpCode: '404',
		});
	});

	it('a bad input item is the data’s fault: no cause is declared', async () => {
		const { error } = await runNode({
			nodeType: 'walkMeActivityLog',
			credentials: walkMeCredential(walkMe),
			parameters: {
				resource: 'activity',
				operation: 'getAll',
				from: '2026-11-20T11:00:00Z',
				to: '2026-11-20T10:00:00Z',
			},
		});
		expect(declared(error).message).toBe('From in item 0 is after To');
		expect(declared(error).failure).toBeUndefined();
	});

	it('a Page Size out of range is the trigger’s configuration, refused before any request', async () => {
		const { error } = await runPoll({
			nodeType: 'walkMeActivityTrigger',
			typeVersion: 2,
			parameters: { options: { pageSize: 5000 } },
			credentials: walkMeCredential(walkMe),
			staticData: { lastTimestamp: 1, idsAtLast: [] },
			budgetMs: 30000,
		});
		expect(declared(error).failure).toEqual({ cause: 'configuration-invalid' });
		expect(walkMe.requests()).toEqual([]);
	});
});

describe('OpenDialog and WalkMe SCIM declare theirs the same way', () => {
	const generate = (overrides: Record<string, string> = {}, scenarioId = 'customer_support') =>
		runNode({
			nodeType: 'walkMeWebchatDeepLink',
			credentials: openDialogCredential(openDialog, overrides),
			items: [{ id: 'user_1' }],
			parameters: {
				resource: 'deepLink',
				operation: 'generate',
				scenarioId,
				userId: '={{ $json.id }}',
				attributeSource: 'fields',
				attributeFields: 'id',
			},
		});

	it('OpenDialog: a refused token, a workspace without full-page webchat, an unknown scenario', async () => {
		expect(declared((await generate({ apiToken: 'wrong' })).error)).toMatchObject({
			failure: { cause: 'credential-invalid' },
			httpCode: '401',
		});
		openDialog.injectFault({
			status: 404,
			body: { message: 'Fullpage webchat routes are not enabled.' },
		});
		expect(declared((await generate()).error).failure).toEqual({
			cause: 'configuration-invalid',
		});
		expect(declared((await generate({}, 'no_such_scenario')).error)).toMatchObject({
			failure: { cause: 'configuration-invalid' },
			httpCode: '422',
		});
	});

	const scimRun = (resource: string, parameters: IDataObject, overrides = {}) =>
		runNode({
			nodeType: 'walkMeUser',
			credentials: scimCredential(scim, 'basic', overrides),
			parameters: { resource, ...parameters },
		});

	it('SCIM: refused credentials, an unknown group (a parameter), an unknown user (an item’s ID)', async () => {
		expect(
			declared(
				(await scimRun('user', { operation: 'get', findBy: 'id', userId: 'x' }, { password: 'no' }))
					.error,
			),
		).toMatchObject({ failure: { cause: 'credential-invalid' }, httpCode: '401' });
		expect(
			declared((await scimRun('group', { operation: 'get', groupId: 'no-such-group' })).error),
		).toMatchObject({ failure: { cause: 'configuration-invalid' }, httpCode: '404' });
		const unknownUser = declared(
			(await scimRun('user', { operation: 'get', findBy: 'id', userId: 'no-such-user' })).error,
		);
		expect(unknownUser.httpCode).toBe('404');
		expect(unknownUser.failure).toBeUndefined();
	});

	it('SCIM: a credential without a password refuses before sending, as the credential’s fault', async () => {
		const { error } = await scimRun(
			'user',
			{ operation: 'get', findBy: 'id', userId: 'x' },
			{ password: '' },
		);
		expect(declared(error).failure).toEqual({ cause: 'credential-invalid' });
		expect(scim.requests()).toEqual([]);
	});
});
