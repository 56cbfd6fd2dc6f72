import type { IDataObject } from 'n8n-workflow';

import type { WalkMeEmulator } from '../../../dev/emulator/server';
import { walkMeCredential } from '../../../dev/walkme';
import type { RunOptions } from '../../../dev/workflow';
import { runNode } from '../../../dev/workflow';

export const TEMPLATE = '1e5afe51-2d2a-4b22-a60a-cf2d6c01d726';
export const AUDIENCE = 'cf0bd4c1-86fd-4c79-a46a-c730d6789e63';
export const SYSTEM = 'bcf4c7f5682b4aa6875a0fc9bdfa21ca';
export const OTHER_SYSTEM = '0a1b2c3d4e5f40718293a4b5c6d7e8f9';
export const send = { resource: 'notification', operation: 'send' };

/** Runs the Notification node's Send through n8n's engine against this file's emulator. */
export function notificationSender(emulator: WalkMeEmulator) {
	return async (
		parameters: IDataObject,
		items: IDataObject[] = [{}],
		extra: Pick<RunOptions, 'continueOnFail' | 'timezone' | 'staticData' | 'workflowId'> = {},
	) =>
		await runNode({
			nodeType: 'walkMeNotification',
			credentials: walkMeCredential(emulator),
			items,
			parameters: { ...send, ...parameters },
			...extra,
		});
}
