/** The emulators a test file talks to, with jest's hooks around them. */

interface Emulator<E> {
	start(): Promise<E>;
	stop(): Promise<void>;
	reset(): void;
}

/**
 * An emulator for the tests of one file: started before them, stopped after them, and reset before
 * each, so that each test sees only its own requests. Returned at once, to be named as a constant.
 */
export function emulatorPerFile<E extends Emulator<E>>(emulator: E): E {
	beforeAll(async () => {
		await emulator.start();
	});
	afterAll(async () => await emulator.stop());
	beforeEach(() => emulator.reset());
	return emulator;
}
