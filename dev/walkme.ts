import type { OpenDialogEmulator } from './emulator/openDialog';
import type { ScimEmulator } from './emulator/scim';
import { ALL_SCOPES, WalkMeEmulator } from './emulator/server';
import { saveCredential } from './workflow';

export const SYSTEM_GUID = '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9';

let credentialCounter = 0;

/**
 * A fresh WalkMe credential pointing at the emulator, with an API key of its own (so a token of its
 * own: the node shares a token between credentials of one key). `overrides` may name another key.
 */
export function walkMeCredential(emulator: WalkMeEmulator, overrides: Record<string, string> = {}) {
	credentialCounter++;
	const clientId = `test-client-${credentialCounter}`;
	emulator.addApiKey(clientId, emulator.clientSecret, ALL_SCOPES);
	return saveCredential(`walkme-${credentialCounter}`, 'walkMeOAuth2Api', {
		...emulator.credentialData(),
		clientId,
		...overrides,
	});
}

export async function startEmulator(): Promise<WalkMeEmulator> {
	return await new WalkMeEmulator().start();
}

/** `count` contacts as a CRM node would emit them. */
export function contacts(count: number, start = 1): Array<{ email: string; name: string }> {
	return Array.from({ length: count }, (_, index) => ({
		email: `user${start + index}@example.com`,
		name: `User ${start + index}`,
	}));
}

let openDialogCounter = 0;

/** A fresh OpenDialog credential pointing at the emulator. */
export function openDialogCredential(
	emulator: OpenDialogEmulator,
	overrides: Record<string, string> = {},
) {
	openDialogCounter++;
	return saveCredential(`opendialog-${openDialogCounter}`, 'openDialogApi', {
		...emulator.credentialData(),
		...overrides,
	});
}

let scimCounter = 0;

/** A fresh WalkMe SCIM API credential pointing at the SCIM emulator. */
export function scimCredential(
	emulator: ScimEmulator,
	authentication: 'basic' | 'bearer' = 'basic',
	overrides: Record<string, string> = {},
) {
	scimCounter++;
	return saveCredential(`scim-${scimCounter}`, 'walkMeScimApi', {
		...emulator.credentialData(authentication),
		...overrides,
	});
}
