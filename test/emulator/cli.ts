/* Starts the emulator on its own, for a person pointing a `custom` WalkMe credential at it. */
import { WalkMeEmulator } from './server';

async function main(): Promise<void> {
	const portArg = process.argv.find((arg) => arg.startsWith('--port='));
	const port = Number(portArg?.split('=')[1] ?? process.env.WALKME_EMULATOR_PORT ?? 8787);
	let emulator: WalkMeEmulator;
	try {
		emulator = await new WalkMeEmulator({ port }).start();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
			process.stderr.write(`Port ${port} is already in use (another emulator?). Choose another: npm run emulator -- --port=8788\n`);
			process.exit(1);
		}
		throw error;
	}
	const lines = [
		'WalkMe API emulator listening',
		`  Base URL:      ${emulator.baseUrl}   (credential region: Custom)`,
		`  Client ID:     ${emulator.clientId}`,
		`  Client Secret: ${emulator.clientSecret}`,
		`  Request log:   ${emulator.baseUrl}/__emulator/log`,
		'Press Ctrl+C to stop.',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const stop = () => void emulator.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
