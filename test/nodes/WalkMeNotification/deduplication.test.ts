import type { IDataObject } from 'n8n-workflow';

import { WalkMeEmulator } from '../../../dev/emulator/server';
import { emulatorPerFile } from '../../helpers/emulators';
import { SYSTEM, TEMPLATE, notificationSender } from './common';

const emulator = emulatorPerFile(new WalkMeEmulator());
const sendNotification = notificationSender(emulator);

describe('Deduplication Key: a notification sent twice by mistake goes out once', () => {
	const once = {
		systemId: SYSTEM,
		templateId: TEMPLATE,
		endUsersIds: 'ana@example.com',
		runtimeTitle: 'Your lead is waiting',
	};
	const withKey = (key: string, windowSeconds = 600) => ({
		...once,
		options: { deduplicationKey: key, deduplicationWindow: windowSeconds },
	});
	// Each run its own workflow ID unless given: keys found again then come from the static data.
	let runs = 0;
	const run = async (
		parameters: IDataObject,
		staticData: IDataObject,
		items = [{}],
		workflowId = `dedup-${++runs}`,
	) => await sendNotification(parameters, items, { staticData, workflowId });

	it('two executions with the same key within the window deliver once; the second says why', async () => {
		const staticData: IDataObject = {};
		const first = await run(withKey('lead-42-assigned'), staticData);
		const second = await run(withKey('lead-42-assigned'), staticData);
		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(emulator.notifications).toHaveLength(1);
		expect(emulator.requests('notifications')).toHaveLength(1);
		expect(first.output[0].json).toMatchObject({ requests: 1 });
		expect(second.output[0].json).toMatchObject({
			sent: false,
			deduplicationKey: 'lead-42-assigned',
			requests: 0,
			deliveries: [],
		});
		expect(second.output[0].json.heldBack).toMatch(
			new RegExp(
				/^A notification with Deduplication Key "lead-42-assigned" was sent at \d{4}-\d\d-\d\dT[\d:.]+Z, /
					.source + /within the 600-second window: not sent again$/.source,
			),
		);
		// The key is kept hashed: a key is often an e-mail address or a record ID.
		expect(JSON.stringify(staticData)).not.toContain('lead-42-assigned');
	});

	it('after the window the same key delivers again', async () => {
		const staticData: IDataObject = {};
		await run(withKey('lead-43-assigned', 1), staticData);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const again = await run(withKey('lead-43-assigned', 1), staticData);
		expect(again.error).toBeUndefined();
		expect(emulator.notifications).toHaveLength(2);
	});

	it('two executions in one process hold back the second even when n8n saved no static data', async () => {
		const first = await run(withKey('lead-46'), {}, [{}], 'dedup-memory');
		const second = await run(withKey('lead-46'), {}, [{}], 'dedup-memory');
		expect(first.error).toBeUndefined();
		expect(second.output[0].json).toMatchObject({ sent: false, requests: 0 });
		expect(emulator.notifications).toHaveLength(1);
		// Another workflow (or another node) with the same key is not held back by this one's memory.
		await run(withKey('lead-46'), {}, [{}], 'dedup-memory-other');
		expect(emulator.notifications).toHaveLength(2);
	});

	it('without a key, two identical executions deliver twice', async () => {
		const staticData: IDataObject = {};
		await run(once, staticData);
		await run(once, staticData);
		expect(emulator.notifications).toHaveLength(2);
	});

	it('two items with the same key in one execution deliver once; other keys are independent', async () => {
		const staticData: IDataObject = {};
		const { output, error } = await run(
			{ ...once, options: { deduplicationKey: '={{ $json.key }}' } },
			staticData,
			[{ key: 'a' }, { key: 'a' }, { key: 'b' }],
		);
		expect(error).toBeUndefined();
		expect(emulator.notifications).toHaveLength(2);
		expect(output.map((item) => item.json.requests)).toEqual([1, 0, 1]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('a send WalkMe refused gives the key back, so a retry delivers; one that may have gone out keeps it', async () => {
		const staticData: IDataObject = {};
		emulator.injectFault({ pathIncludes: '/notifications/', times: 1, status: 400 });
		const refused = await run(withKey('lead-44'), staticData);
		expect(refused.error?.message).toMatch(/^WalkMe answered 400/);
		const retried = await run(withKey('lead-44'), staticData);
		expect(retried.error).toBeUndefined();
		expect(emulator.notifications).toHaveLength(1);

		emulator.injectFault({
			pathIncludes: '/notifications/',
			times: 1,
			status: 502,
			afterHandling: true,
		});
		const uncertain = await run(withKey('lead-45'), staticData);
		expect(uncertain.error?.message).toContain('WalkMe may have carried it out');
		expect(uncertain.error?.description).toContain('WalkMe may have delivered this notification');
		const notRepeated = await run(withKey('lead-45'), staticData);
		expect(notRepeated.output[0].json).toMatchObject({ sent: false, requests: 0 });
		expect(emulator.notifications).toHaveLength(2);
	});
});
