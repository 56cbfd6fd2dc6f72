import type { IDataObject } from 'n8n-workflow';

import type { OpenDialogEmulator } from '../../../dev/emulator/openDialog';
import { openDialogCredential } from '../../../dev/walkme';
import { runNode } from '../../../dev/workflow';

const generate = { resource: 'deepLink', operation: 'generate', scenarioId: 'customer_support' };

export function customers(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		id: `user_${index}`,
		name: `Customer ${index}`,
		email: `customer${index}@example.com`,
		account_type: index % 2 ? 'premium' : 'standard',
		visits: index,
	}));
}

/** Runs Generate through n8n's engine against this file's emulator. */
export function deepLinkRunner(emulator: OpenDialogEmulator) {
	return async (
		parameters: IDataObject,
		items: IDataObject[],
		extra: { continueOnFail?: boolean; credentialOverrides?: Record<string, string> } = {},
	) =>
		await runNode({
			nodeType: 'walkMeWebchatDeepLink',
			credentials: openDialogCredential(emulator, extra.credentialOverrides),
			items,
			parameters: { ...generate, ...parameters },
			continueOnFail: extra.continueOnFail,
		});
}

export const byFields = {
	userId: '={{ $json.id }}',
	attributeSource: 'fields',
	attributeFields: 'name, email, account_type, visits',
};

/** OpenDialog's answer to a batch naming a scenario it does not have, injected into one batch. */
export const UNKNOWN_SCENARIO = {
	status: 422,
	body: {
		message: 'The given data was invalid.',
		errors: { scenario_id: ['The selected scenario does not exist.'] },
	},
};
