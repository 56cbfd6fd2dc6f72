import type { IPollFunctions } from 'n8n-workflow';

import { WalkMeActivityTrigger } from '../../../nodes/WalkMeActivityTrigger/WalkMeActivityTrigger.node';

/** n8n's `this` for a poll, as far as the checks before any request read it. */
function pollContext(options: Record<string, unknown>, requests: unknown[]): IPollFunctions {
	return {
		getNode: () => ({ name: 'WalkMe Activity Trigger' }),
		getNodeParameter: (name: string, fallback: unknown) =>
			name === 'options' ? options : fallback,
		getMode: () => 'trigger',
		getWorkflowStaticData: () => ({ lastTimestamp: 1, idsAtLast: [] }),
		helpers: {
			httpRequestWithAuthentication: async (...args: unknown[]) => {
				requests.push(args);
				return { statusCode: 200, body: { events: [] } };
			},
		},
	} as unknown as IPollFunctions;
}

describe('WalkMe Activity Trigger: Page Size is checked before the log is read', () => {
	it.each([0, 1001, 2.5, '10'])('refuses %p', async (pageSize) => {
		const requests: unknown[] = [];
		await expect(
			new WalkMeActivityTrigger().poll.call(pollContext({ pageSize }, requests)),
		).rejects.toThrow(
			`Page Size must be a whole number from 1 to 1000, not ${JSON.stringify(pageSize)}`,
		);
		expect(requests).toEqual([]);
	});
});
