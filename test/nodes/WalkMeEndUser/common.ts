import type { IDataObject } from 'n8n-workflow';

import type { WalkMeEmulator } from '../../../dev/emulator/server';
import { walkMeCredential } from '../../../dev/walkme';
import { runNode, saveCredential } from '../../../dev/workflow';

export const INTEGRATION_TOKEN = 'integration-token-0123456789abcdef';

const update = {
	resource: 'endUser',
	operation: 'updateAttributes',
	identifierName: 'email',
	identifier: '={{ $json.email }}',
	attributeSource: 'fields',
	attributeFields: 'plan, region',
};

let counter = 0;

/** Runs Update Attributes through n8n's engine against this file's emulator, each run its own credential. */
export function attributeUpdater(emulator: WalkMeEmulator) {
	return async (
		items: IDataObject[],
		parameters: IDataObject = {},
		extra: { continueOnFail?: boolean; token?: string; timezone?: string } = {},
	) =>
		await runNode({
			nodeType: 'walkMeEndUser',
			credentials: {
				...walkMeCredential(emulator),
				...saveCredential(`end-user-${++counter}`, 'walkMeEndUserUpdateApi', {
					integrationToken: extra.token ?? INTEGRATION_TOKEN,
				}),
			},
			items,
			parameters: { ...update, ...parameters },
			continueOnFail: extra.continueOnFail,
			timezone: extra.timezone,
		});
}

export const users = (count: number) =>
	Array.from({ length: count }, (_, index) => ({
		email: `user${index}@example.com`,
		plan: index % 2 ? 'enterprise' : 'team',
		region: 'EU',
	}));
