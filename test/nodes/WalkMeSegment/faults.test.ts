import type { NodeApiError } from 'n8n-workflow';

import { WalkMeEmulator } from '../../../dev/emulator/server';
import { SYSTEM_GUID, contacts, walkMeCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const emulator = emulatorPerFile(new WalkMeEmulator());

const createParameters = {
	resource: 'segment',
	operation: 'create',
	systemGuid: SYSTEM_GUID,
	name: 'Customers',
	userIdSource: 'allItems',
	userIdField: 'email',
};

describe('WalkMe Segment under faults', () => {
	it('fetches exactly one new token when a call answers 401 mid-job, and completes', async () => {
		// The second segment request finds every token revoked.
		emulator.injectFault({ pathIncludes: '/segment', after: 1, times: 1, expireTokens: true });
		const { output, error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(60000),
			parameters: createParameters,
		});
		expect(error).toBeUndefined();
		expect(emulator.requests('token')).toHaveLength(2);
		expect(emulator.requests('segments').map((r) => r.status)).toEqual([201, 401, 200, 200]);
		expect(emulator.segments(SYSTEM_GUID)[0].users).toHaveLength(60000);
		expect(output[0].json.usersSent).toBe(60000);
	});

	it('waits out a 429 with Retry-After: 1 before retrying, and completes', async () => {
		emulator.injectFault({
			method: 'POST',
			pathIncludes: '/segment',
			status: 429,
			headers: { 'Retry-After': '1' },
			body: { message: 'Too many requests' },
		});
		const { output, error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(10),
			parameters: createParameters,
		});
		expect(error).toBeUndefined();
		const [limited, retried] = emulator.requests('segments');
		expect([limited.status, retried.status]).toEqual([429, 201]);
		expect(retried.at - limited.at).toBeGreaterThanOrEqual(1000);
		expect((output[0].json.chunks as Array<{ attempts: number }>)[0].attempts).toBe(2);
	});

	it('retries 502 and 504 and completes', async () => {
		emulator.injectFault({ method: 'PUT', status: 502, times: 1 });
		emulator.injectFault({ method: 'PUT', status: 504, times: 1 });
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(30000),
			parameters: createParameters,
		});
		expect(error).toBeUndefined();
		expect(emulator.requests('segments').map((r) => r.status)).toEqual([201, 502, 504, 200]);
	});

	it('never retries other 4xx', async () => {
		emulator.injectFault({
			method: 'POST',
			pathIncludes: '/segment',
			status: 409,
			body: { message: 'Segment name already exists' },
		});
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(3),
			parameters: createParameters,
		});
		expect(error?.message).toContain('Segment name already exists');
		expect(emulator.requests('segments')).toHaveLength(1);
	});

	it('ends five 503s in a row with an error naming the chunk, earlier chunks reported as applied', async () => {
		emulator.injectFault({
			method: 'PUT',
			after: 1,
			times: 5,
			status: 503,
			body: { message: 'Service Unavailable' },
		});
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(60000),
			parameters: createParameters,
		});
		expect(error).toBeDefined();
		expect(error?.message).toBe(
			'Chunk 3 of 3 (add 10,000 users) failed; 50,000 of 60,000 users applied',
		);
		expect(error?.description).toContain('answered 503');
		expect(error?.description).toContain('after 5 attempts');
		expect(error?.description).toContain('Applied: chunks 1–2, users 1–50,000 (50,000)');
		expect(error?.description).toContain(
			'Not applied: users 50,001–60,000 (10,000), starting with "user50001@example.com"',
		);
		expect(emulator.requests('segments').map((r) => r.status)).toEqual([
			201, 200, 503, 503, 503, 503, 503,
		]);
		expect(emulator.segments(SYSTEM_GUID)[0].users).toHaveLength(50000);
	});

	it('reports applied and not-applied users in the continueOnFail item', async () => {
		emulator.injectFault({ method: 'PUT', after: 1, times: 5, status: 503 });
		const { output, error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(60000),
			parameters: createParameters,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		const { error: message, details: json } = output[0].json as Record<string, any>;
		expect(message).toContain('Chunk 3 of 3');
		expect(json.httpCode).toBe('503');
		expect(json.applied.users).toBe(50000);
		expect(json.applied.userIds).toHaveLength(50000);
		expect(json.notApplied.users).toBe(10000);
		expect(json.notApplied.userIds[0]).toBe('user50001@example.com');
		expect(json.chunks.map((c: { status: string }) => c.status)).toEqual([
			'applied',
			'applied',
			'failed',
		]);
		expect(output[0].pairedItem).toHaveLength(60000);
	});

	it('keeps the client secret and the token out of errors', async () => {
		emulator.injectFault({
			method: 'POST',
			pathIncludes: '/segment',
			status: 400,
			body: { message: 'rejected' },
		});
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(1),
			parameters: createParameters,
		});
		// The engine keeps the error as data; its class survives as its name.
		expect(error?.name).toBe('NodeApiError');
		expect((error as NodeApiError).httpCode).toBe('400');
		const token = (emulator.requests('segments')[0].authorization ?? '').replace('Bearer ', '');
		expect(token.length).toBeGreaterThan(10);
		const serialized = JSON.stringify(error) + String(error?.stack) + String(error?.description);
		expect(serialized).not.toContain(emulator.clientSecret);
		expect(serialized).not.toContain(token);
		expect(error?.message).toBe('WalkMe answered 400 to create segment "Customers": rejected');
		expect(error?.description).toMatch(/^Nothing was applied\. /);
	});

	it('says clearly when WalkMe refuses the client secret, asking for a token once', async () => {
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator, { clientSecret: 'wrong-secret' }),
			items: contacts(1),
			parameters: createParameters,
		});
		expect(error?.message).toContain(
			'WalkMe did not issue a token (HTTP 401, invalid_client: Client authentication failed)',
		);
		expect(error?.description).toContain('Check the client ID, the client secret and the region');
		expect(emulator.requests('token')).toHaveLength(1);
		expect(emulator.requests('segments')).toHaveLength(0);
	});

	it('completes through a slow answer', async () => {
		emulator.injectFault({ method: 'POST', pathIncludes: '/segment', delayMs: 1500 });
		const { error } = await runNode({
			nodeType: 'walkMeSegment',
			credentials: walkMeCredential(emulator),
			items: contacts(5),
			parameters: createParameters,
		});
		expect(error).toBeUndefined();
		expect(emulator.segments(SYSTEM_GUID)[0].users).toHaveLength(5);
	});

	it('reuses the stored token across executions', async () => {
		const credential = walkMeCredential(emulator);
		for (const name of ['First', 'Second']) {
			const { error } = await runNode({
				nodeType: 'walkMeSegment',
				credentials: credential,
				items: contacts(2),
				parameters: { ...createParameters, name },
			});
			expect(error).toBeUndefined();
		}
		expect(emulator.requests('token')).toHaveLength(1);
		expect(emulator.requests('segments')).toHaveLength(2);
	});
});
