/**
 * The batch ledger on its own, in milliseconds: the bound it keeps, where it stops, the status it
 * keeps for each request and the report it writes. The nodes reach it through n8n's engine and the
 * emulators (their tests say what each node's report reads like).
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { LedgerWords, RequestStatus } from '../../../nodes/shared/batchLedger';
import {
	firstFailure,
	ledgerReport,
	runLedger,
	statusWord,
} from '../../../nodes/shared/batchLedger';

const node: INode = {
	id: 'ledger',
	name: 'Ledger',
	type: 'n8n-nodes-walkme.test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const WORDS: LedgerWords = {
	applied: 'accepted',
	mayHaveActed: 'may have been received',
	nothing: 'Nothing was accepted.',
};

/** An API error as the transport leaves it when the server may have carried the request out. */
function mayHaveActedError(): NodeApiError {
	const error = new NodeApiError(node, { message: 'timeout' }, { message: 'No answer in time' });
	error.context.mayHaveActed = true;
	return error;
}

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('runLedger', () => {
	it('keeps at most the bound in flight and every request applied, in input order', async () => {
		let inFlight = 0;
		let most = 0;
		const entries = await runLedger(
			[30, 5, 20, 1, 10, 2, 8],
			3,
			async (ms, index) => {
				inFlight++;
				most = Math.max(most, inFlight);
				await pause(ms);
				inFlight--;
				return index * 10;
			},
			true,
		);
		expect(most).toBe(3);
		expect(entries.map((entry) => [entry.status, entry.value])).toEqual(
			[0, 1, 2, 3, 4, 5, 6].map((index) => ['applied', index * 10]),
		);
	});

	it('stops starting requests after a failure; those in flight finish and are kept', async () => {
		const started: number[] = [];
		const entries = await runLedger(
			[0, 1, 2, 3, 4, 5],
			2,
			async (index) => {
				started.push(index);
				await pause(index === 0 ? 30 : 5);
				if (index === 1) throw new Error('refused');
				return index;
			},
			true,
		);
		// Request 0 was still running when 1 failed: it finished, and nothing else started.
		expect(started).toEqual([0, 1]);
		expect(entries.map((entry) => entry.status)).toEqual([
			'applied',
			'failed',
			'not sent',
			'not sent',
			'not sent',
			'not sent',
		]);
		expect(firstFailure(entries)).toBe(1);
		expect((entries[1].error as Error).message).toBe('refused');
	});

	it('without a stop every request is sent; a failure that may have acted is told apart', async () => {
		const entries = await runLedger(
			['ok', 'refused', 'uncertain', 'ok'],
			1,
			async (what) => {
				if (what === 'refused') throw new Error('400');
				if (what === 'uncertain') throw mayHaveActedError();
				return what;
			},
			false,
		);
		expect(entries.map((entry) => entry.status)).toEqual([
			'applied',
			'failed',
			'may have acted',
			'applied',
		]);
		expect(firstFailure(entries)).toBe(1);
	});

	it('an empty job sends nothing and has no failure', async () => {
		const entries = await runLedger(
			[],
			5,
			async () => await Promise.reject(new Error('sent')),
			true,
		);
		expect(entries).toEqual([]);
		expect(firstFailure(entries)).toBe(-1);
	});
});

describe('ledgerReport', () => {
	const items = (indexes: number[]) => `request(s) ${indexes.map((index) => index + 1).join(', ')}`;

	it('one sentence a status, in a fixed order, leaving out the failure the error is about', () => {
		const statuses: RequestStatus[] = [
			'applied',
			'may have acted',
			'failed',
			'applied',
			'failed',
			'not sent',
		];
		expect(ledgerReport(statuses, WORDS, items, [2])).toBe(
			'Accepted: request(s) 1, 4. May have been received: request(s) 2. ' +
				'Failed: request(s) 5. Not sent: request(s) 6.',
		);
	});

	it("says the node's sentence when nothing was applied", () => {
		expect(ledgerReport(['failed', 'not sent'], WORDS, items, [0])).toBe(
			'Nothing was accepted. Not sent: request(s) 2.',
		);
	});

	it('gives the describer each group with its status; a group described as empty is left out', () => {
		const seen: Array<[number[], RequestStatus]> = [];
		const report = ledgerReport(
			['applied', 'applied', 'failed', 'not sent', 'not sent'],
			WORDS,
			(indexes, status) => {
				seen.push([indexes, status]);
				return status === 'not sent' ? '' : `${indexes.length} request(s)`;
			},
			[2],
		);
		expect(seen).toEqual([
			[[0, 1], 'applied'],
			[[3, 4], 'not sent'],
		]);
		expect(report).toBe('Accepted: 2 request(s).');
	});

	it("names each status in the node's words; failed and not sent are every node's", () => {
		expect(
			(['applied', 'may have acted', 'failed', 'not sent'] as RequestStatus[]).map((status) =>
				statusWord(status, WORDS),
			),
		).toEqual(['accepted', 'may have been received', 'failed', 'not sent']);
	});
});

describe('runLedger at its bound', () => {
	it('keeps at most the bound running as requests end in any order, and starts nothing after a failure', async () => {
		// Each job waits for its own gate, so the test decides the order in which they end.
		const gates = Array.from({ length: 7 }, () => {
			let open = () => {};
			const opened = new Promise<void>((resolve) => (open = resolve));
			return { opened, open };
		});
		const started: number[] = [];
		let running = 0;
		let most = 0;
		const flush = async () => await new Promise((resolve) => setImmediate(resolve));
		const run = runLedger(
			gates,
			3,
			async (gate, index) => {
				started.push(index);
				running++;
				most = Math.max(most, running);
				await gate.opened;
				running--;
				if (index === 3) throw new Error('fourth failed');
				return index;
			},
			true,
		);
		await flush();
		expect(started).toEqual([0, 1, 2]);
		gates[1].open();
		await flush();
		expect(started).toEqual([0, 1, 2, 3]);
		// 3 fails: nothing starts after it; 0 and 2 were running, so they finish.
		gates[3].open();
		await flush();
		gates[0].open();
		gates[2].open();
		const entries = await run;
		expect(started).toEqual([0, 1, 2, 3]);
		expect(most).toBe(3);
		expect(entries.map((entry) => entry.status)).toEqual([
			'applied',
			'applied',
			'applied',
			'failed',
			'not sent',
			'not sent',
			'not sent',
		]);
	});
});
