import { OpenDialogEmulator } from '../../../dev/emulator/openDialog';
import { emulatorPerFile } from '../../helpers/emulators';
import { byFields, customers, deepLinkRunner } from './common';

const emulator = emulatorPerFile(new OpenDialogEmulator());
const run = deepLinkRunner(emulator);

describe('WalkMe Webchat Deep Link explains each documented error', () => {
	it('404: full-page webchat not enabled, and where to turn it on', async () => {
		emulator.fullPageEnabled = false;
		const { error } = await run(byFields, customers(1));
		expect(error?.message).toMatch(
			/^OpenDialog answered 404 to generate deep links for item 0: Fullpage webchat routes are not enabled\./,
		);
		expect(error?.description).toContain(
			"turn on the full-page webchat for the scenario's interface in OpenDialog",
		);
	});

	it('422: the validation errors, field by field', async () => {
		emulator.injectFault({
			pathIncludes: '/generate',
			status: 422,
			body: {
				message: 'The given data was invalid.',
				errors: { 'dataset.0.attributes': ['The attributes field is required.'] },
			},
		});
		const { error } = await run(byFields, customers(1));
		expect(error?.message).toBe('OpenDialog answered 422 to generate deep links for item 0');
		expect(error?.description).toContain(
			'OpenDialog said: The given data was invalid. dataset.0.attributes: The attributes field is required.',
		);
	});

	it('422: an unknown scenario', async () => {
		const { error } = await run({ ...byFields, scenarioId: 'no_such_scenario' }, customers(1));
		expect(error?.message).toBe('OpenDialog answered 422 to generate deep links for item 0');
		expect(error?.description).toContain(
			'OpenDialog said: The given data was invalid. scenario_id: The selected scenario does not exist.',
		);
		expect(error?.description).toContain('Check the Scenario ID');
	});

	it('401: a wrong API token, and where to get the right one', async () => {
		const { error } = await run(byFields, customers(1), {
			credentialOverrides: { apiToken: 'wrong-token' },
		});
		expect(error?.message).toMatch(
			/^OpenDialog answered 401 to generate deep links for item 0: Unauthenticated\./,
		);
		expect(error?.description).toContain('Identity & Security page');
		// n8n itself sends a request once more after any 401 (to refresh expiring credentials); a 401
		// creates nothing, so that is harmless.
		expect(emulator.requests('deepLink').map((request) => request.status)).toEqual([401, 401]);
		expect(emulator.contexts).toHaveLength(0);
	});

	it('500: not retried, and says contexts may have been created', async () => {
		emulator.injectFault({
			pathIncludes: '/generate',
			status: 500,
			body: { error: 'An error occurred while generating the deep link.' },
		});
		const { error } = await run(byFields, customers(1));
		expect(error?.message).toBe(
			'OpenDialog answered 500 to generate deep links for item 0; OpenDialog may have carried it out',
		);
		expect(error?.description).toMatch(
			/OpenDialog may have created the user contexts.*OpenDialog said: An error occurred while generating the deep link\./,
		);
		expect(emulator.requests('deepLink')).toHaveLength(1);
	});

	it('429: waits and sends again, creating each context once', async () => {
		emulator.injectFault({
			pathIncludes: '/generate',
			status: 429,
			headers: { 'Retry-After': '1' },
		});
		const { error, output } = await run(byFields, customers(3));
		expect(error).toBeUndefined();
		expect(emulator.requests('deepLink').map((request) => request.status)).toEqual([429, 200]);
		expect(emulator.contexts).toHaveLength(3);
		expect(output).toHaveLength(3);
	});
});
