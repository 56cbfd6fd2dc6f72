import { WalkMeEmulator } from '../../../dev/emulator/server';
import { SYSTEM_GUID, contacts, walkMeCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';
import { emulatorPerFile } from '../../helpers/emulators';

const emulator = emulatorPerFile(new WalkMeEmulator());

async function createFromContacts(count: number) {
	return await runNode({
		nodeType: 'walkMeSegment',
		credentials: walkMeCredential(emulator),
		items: contacts(count),
		parameters: {
			resource: 'segment',
			operation: 'create',
			systemGuid: SYSTEM_GUID.replace(/-/g, ''),
			name: `CRM ${count}`,
			userIdSource: 'allItems',
			userIdField: 'email',
		},
	});
}

describe('WalkMe Segment in "all input items" mode at scale', () => {
	it('creates a 60,000-user segment with 1 token request and exactly 3 segment requests', async () => {
		const { output, error } = await createFromContacts(60000);
		expect(error).toBeUndefined();

		expect(emulator.requests('token')).toHaveLength(1);
		const segmentRequests = emulator.requests('segments');
		expect(
			segmentRequests.map((r) => [
				r.method,
				(r.body as { action?: string }).action ?? 'create',
				r.userCount,
			]),
		).toEqual([
			['POST', 'create', 25000],
			['PUT', 'add', 25000],
			['PUT', 'add', 10000],
		]);
		// systemGuid was given as 32 hex digits and is sent in 8-4-4-4-12 form.
		expect(segmentRequests[0].path).toBe(`/public/v1/user/system/${SYSTEM_GUID}/segment`);

		const [stored] = emulator.segments(SYSTEM_GUID);
		expect(stored.users).toHaveLength(60000);
		expect(new Set(stored.users)).toEqual(new Set(contacts(60000).map((c) => c.email)));

		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			segmentGuid: stored.guid,
			action: 'create',
			usersReceived: 60000,
			usersSent: 60000,
			duplicatesRemoved: 0,
			requests: 3,
		});
		expect(
			(output[0].json.chunks as Array<{ status: string; users: number }>).map((c) => [
				c.status,
				c.users,
			]),
		).toEqual([
			['applied', 25000],
			['applied', 25000],
			['applied', 10000],
		]);
		// One output item, paired to every input item.
		expect(output[0].pairedItem).toHaveLength(60000);
	});

	it.each([
		[25000, [25000]],
		[25001, [25000, 1]],
	])('sends %i users in %j', async (count, sizes) => {
		const { error } = await createFromContacts(count);
		expect(error).toBeUndefined();
		expect(emulator.requests('token')).toHaveLength(1);
		expect(emulator.requests('segments').map((r) => r.userCount)).toEqual(sizes);
		expect(emulator.segments(SYSTEM_GUID)[0].users).toHaveLength(count);
	});
});
