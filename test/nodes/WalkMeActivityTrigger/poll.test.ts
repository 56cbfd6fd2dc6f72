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

describe('WalkMe Activity Trigger: the action-type filter, by node version', () => {
	const events = [
		{ eventId: 'e1', timestamp: 10, actionType: 'publish', additionalInfo: { systemId: 'AAAA' } },
		{
			eventId: 'e2',
			timestamp: 11,
			actionType: 'save_shoutout',
			additionalInfo: { systemId: 'AAAA' },
		},
		{ eventId: 'e3', timestamp: 12, actionType: 'publish', additionalInfo: { systemId: 'BBBB' } },
	];

	/** n8n's `this` for a scheduled poll of a node of `typeVersion` with these parameters. */
	function versionContext(typeVersion: number, parameters: Record<string, unknown>) {
		const read = (name: string) =>
			name
				.split('.')
				.reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], parameters);
		return {
			getNode: () => ({ name: 'WalkMe Activity Trigger', typeVersion }),
			getNodeParameter: (name: string, fallback: unknown) => read(name) ?? fallback,
			getMode: () => 'trigger',
			getWorkflowStaticData: () => ({ lastTimestamp: 1, idsAtLast: [] }),
			getCredentials: async () => ({ region: 'us' }),
			helpers: {
				httpRequestWithAuthentication: async () => ({ statusCode: 200, body: { events } }),
				returnJsonArray: (json: object[]) => json.map((item) => ({ json: item })),
			},
		} as unknown as IPollFunctions;
	}

	const emitted = async (typeVersion: number, parameters: Record<string, unknown>) => {
		const output = await new WalkMeActivityTrigger().poll.call(
			versionContext(typeVersion, parameters),
		);
		return (output?.[0] ?? []).map((item) => item.json.eventId);
	};

	it('version 2 reads Filters → Action Types and System ID, as the Activity Log node does', async () => {
		expect(await emitted(2, { filters: { actionTypes: 'Publish', systemId: 'aaaa' } })).toEqual([
			'e1',
		]);
		expect(await emitted(2, { filters: {} })).toEqual(['e1', 'e2', 'e3']);
	});

	it('a saved version 1 workflow keeps reading its top-level Action Types and System ID', async () => {
		expect(await emitted(1, { actionTypes: 'publish', systemId: 'BBBB' })).toEqual(['e3']);
		expect(await emitted(1, { actionTypes: 'save_shoutout, publish' })).toEqual(['e1', 'e2', 'e3']);
	});

	it('new nodes are version 2, and each version shows only its own filter fields', () => {
		const { description } = new WalkMeActivityTrigger();
		expect(description.defaultVersion).toBe(2);
		const shownFor = (name: string) =>
			description.properties.find((p) => p.name === name)?.displayOptions;
		expect(shownFor('filters')).toEqual({ hide: { '@version': [1] } });
		expect(shownFor('actionTypes')).toEqual({ show: { '@version': [1] } });
		expect(shownFor('systemId')).toEqual({ show: { '@version': [1] } });
	});
});
