/* Starts the WalkMe, OpenDialog and WalkMe SCIM emulators, for a person pointing credentials at them. */
import { OpenDialogEmulator } from './openDialog';
import { ScimEmulator } from './scim';
import { WalkMeEmulator } from './server';

function portOption(name: string, environment: string | undefined, fallback: number): number {
	const arg = process.argv.find((entry) => entry.startsWith(`--${name}=`));
	return Number(arg?.split('=')[1] ?? environment ?? fallback);
}

async function listen<T extends { start(): Promise<T> }>(
	emulator: T,
	port: number,
	option: string,
): Promise<T> {
	try {
		return await emulator.start();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
			process.stderr.write(
				`Port ${port} is already in use (another emulator?). Choose another: npm run emulator -- --${option}=${port + 1}\n`,
			);
			process.exit(1);
		}
		throw error;
	}
}

async function main(): Promise<void> {
	const walkMePort = portOption('port', process.env.WALKME_EMULATOR_PORT, 8787);
	const openDialogPort = portOption('opendialog-port', process.env.OPENDIALOG_EMULATOR_PORT, 8788);
	const walkMe = await listen(new WalkMeEmulator({ port: walkMePort }), walkMePort, 'port');
	const openDialog = await listen(
		new OpenDialogEmulator({ port: openDialogPort }),
		openDialogPort,
		'opendialog-port',
	);
	const scimPort = portOption('scim-port', process.env.SCIM_EMULATOR_PORT, 8789);
	const scim = await listen(new ScimEmulator(scimPort), scimPort, 'scim-port');
	const lines = [
		'WalkMe API emulator listening',
		`  Base URL:      ${walkMe.baseUrl}   (credential region: Custom)`,
		`  Client ID:     ${walkMe.clientId}`,
		`  Client Secret: ${walkMe.clientSecret}`,
		`  Request log:   ${walkMe.baseUrl}/__emulator/log`,
		'OpenDialog API emulator listening',
		`  Workspace URL: ${openDialog.baseUrl}`,
		`  API Token:     ${openDialog.apiToken}`,
		`  Scenarios:     ${[...openDialog.scenarios].join(', ')}`,
		'WalkMe SCIM API emulator listening',
		`  SCIM Base URL: ${scim.scimBaseUrl}`,
		`  Basic:         ${scim.username} / ${scim.password}`,
		`  Bearer token:  ${scim.token}`,
		'Press Ctrl+C to stop.',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const stop = () =>
		void Promise.all([walkMe.stop(), openDialog.stop(), scim.stop()]).then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
