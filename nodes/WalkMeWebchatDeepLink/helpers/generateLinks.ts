import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeItems, formatCount, reportApplied } from '../../shared/execution';
import type { LedgerWords, RequestStatus } from '../../shared/batchLedger';
import { firstFailure, ledgerReport, runLedger } from '../../shared/batchLedger';
import { quoteAnswer } from '../../shared/errors';
import { declareFailure, failureOf } from '../../shared/failure';
import {
	DEEP_LINK_PATH,
	openDialogApiRequest,
	openDialogError,
} from '../../shared/transport/openDialog';
import type { ApiRequest, ApiResponse } from '../../shared/transport/types';
import { readDeepLinks, usersLimitFromRejection } from './answers';
import type { Failure, Outcome, Row, Settings } from './readRows';

/** Smaller batches after "too many users" answers are tried at most this often in one run. */
const MAX_REJECTIONS = 8;

/** Consecutive rows of one scenario, in requests of at most `size` users, in input order. */
function splitBatches(rows: Row[], size: number): Row[][] {
	const batches: Row[][] = [];
	for (let start = 0; start < rows.length; ) {
		let end = start + 1;
		while (
			end < rows.length &&
			end - start < size &&
			rows[end].scenarioId === rows[start].scenarioId
		)
			end++;
		batches.push(rows.slice(start, end));
		start = end;
	}
	return batches;
}

/** What one batch came to: links for its rows, or "too many users" (and the limit named, if any). */
type BatchResult = { links: true } | { tooMany: number | 'unknown' };

const WORDS: LedgerWords = {
	applied: 'links generated',
	mayHaveActed: 'may have created user contexts',
	nothing: 'No links were generated.',
};

/**
 * Sends the rows in batches of the largest size the workspace takes, one scenario per request.
 * Batches go one at a time until the workspace accepts one, which settles the size it takes; the
 * rest then go `requestsInParallel` at a time. A "too many users" answer shrinks the batch (to the
 * limit it names, or by half) and its rows are sent again: OpenDialog validates before it creates
 * anything. A batch that may have created contexts is never sent again.
 */
export async function generateLinks(
	context: IExecuteFunctions,
	rows: Row[],
	outcomes: Array<Outcome | undefined>,
	settings: Settings,
): Promise<{ requests: number; rejected: number; usersPerRequest: number }> {
	let size = settings.usersPerRequest;
	const counts = { requests: 0, rejected: 0 };
	let sizeSettled = false;
	let pending = splitBatches(rows, size);
	let stoppedAt: Row[] | undefined;
	while (pending.length > 0 && !stoppedAt) {
		const inParallel = sizeSettled ? settings.requestsInParallel : 1;
		const wave = inParallel === 1 ? [pending.shift() as Row[]] : pending.splice(0);
		const entries = await runLedger(
			wave,
			inParallel,
			async (batch) => await sendBatch(context, batch, outcomes, counts),
			!settings.continueOnFail,
		);
		const shrinking = size;
		entries.forEach((entry, index) => {
			const batch = wave[index];
			if (entry.value && 'links' in entry.value) sizeSettled = true;
			else if (entry.value) {
				const limit = entry.value.tooMany;
				size = Math.min(
					size,
					typeof limit === 'number' && limit >= 1 && limit < batch.length
						? limit
						: Math.max(1, Math.floor(batch.length / 2)),
				);
				pending.push(...splitBatches(batch, size));
			} else if (entry.error !== undefined) {
				const failure = {
					error: entry.error as NodeApiError,
					mayHaveCreated: entry.status === 'may have acted',
				};
				for (const row of batch) outcomes[row.itemIndex] = failure;
			}
		});
		const failed = firstFailure(entries);
		if (failed >= 0 && !settings.continueOnFail) stoppedAt = wave[failed];
		// A new size applies to every batch not yet sent, in input order.
		pending = size < shrinking ? splitBatches(inputOrder(pending.flat()), size) : pending;
		pending.sort((a, b) => a[0].itemIndex - b[0].itemIndex);
	}
	if (stoppedAt) throw withProgress(context, rows, outcomes, stoppedAt);
	return { ...counts, usersPerRequest: size };
}

function inputOrder(rows: Row[]): Row[] {
	return rows.sort((a, b) => a.itemIndex - b.itemIndex);
}

/**
 * Sends one batch: its rows' links go into `outcomes`. A failure is thrown, marked as having maybe
 * created contexts where OpenDialog may have acted, so that the ledger never sends it again.
 */
async function sendBatch(
	context: IExecuteFunctions,
	batch: Row[],
	outcomes: Array<Outcome | undefined>,
	counts: { requests: number; rejected: number },
): Promise<BatchResult> {
	const items = batch.map((row) => row.itemIndex);
	const request: ApiRequest = {
		method: 'POST',
		path: DEEP_LINK_PATH,
		body: { scenario_id: batch[0].scenarioId, dataset: batch.map((row) => row.dataset) },
		purpose: `generate deep links for item${items.length > 1 ? 's' : ''} ${describeItems(items)}`,
		itemIndex: items[0],
		acceptStatuses: [422],
		ifOutcomeUncertain:
			'OpenDialog may have created the user contexts of these rows: their links are unknown, and sending them again may create them twice.',
	};
	counts.requests++;
	const response = await openDialogApiRequest.call(context, request);
	if (response.statusCode === 422) {
		const limit = usersLimitFromRejection(response.body);
		if (limit === undefined || batch.length === 1 || counts.rejected >= MAX_REJECTIONS)
			throw openDialogError(context, request, response);
		counts.rejected++;
		return { tooMany: limit };
	}
	const read = readDeepLinks(
		response.body,
		batch.map((row) => row.dataset.user_id),
	);
	if ('problem' in read) throw unmatchedAnswer(context, request, response, read.problem);
	read.links.forEach((link, index) => (outcomes[batch[index].itemIndex] = { link }));
	return { links: true };
}

/** Not the documented answer: something other than the deep-link API answered, maybe after acting. */
function unmatchedAnswer(
	context: IExecuteFunctions,
	request: ApiRequest,
	response: ApiResponse,
	problem: string,
): NodeApiError {
	const error = new NodeApiError(
		context.getNode(),
		{ answer: quoteAnswer(response.body, 2000) },
		{
			message: `OpenDialog's answer to ${request.purpose} (HTTP ${response.statusCode}) does not match the users sent`,
			description:
				`It ${problem}: ${quoteAnswer(response.body)}. OpenDialog may have created these users' contexts; ` +
				'their links could not be matched to the items, so none is given.',
			itemIndex: request.itemIndex,
		},
	);
	error.context.mayHaveActed = true;
	return declareFailure(error, failureOf('configuration-invalid'));
}

/** Without continueOnFail: the error also says which items got links and which were not sent. */
function withProgress(
	context: IExecuteFunctions,
	rows: Row[],
	outcomes: Array<Outcome | undefined>,
	failed: Row[],
) {
	const statuses = rows.map((row): RequestStatus => {
		const outcome = outcomes[row.itemIndex];
		if (outcome === undefined) return 'not sent';
		if ('link' in outcome) return 'applied';
		return outcome.mayHaveCreated ? 'may have acted' : 'failed';
	});
	const failedItems = new Set(failed.map((row) => row.itemIndex));
	const subject = rows.flatMap((row, index) => (failedItems.has(row.itemIndex) ? [index] : []));
	const report = ledgerReport(
		statuses,
		WORDS,
		(indexes, status) => {
			const items = describeItems(indexes.map((index) => rows[index].itemIndex));
			return status === 'applied'
				? `item(s) ${items} (${formatCount(indexes.length)})`
				: `item(s) ${items}`;
		},
		subject,
	);
	const error = (outcomes[failed[0].itemIndex] as Failure).error;
	return reportApplied(
		context,
		error,
		failed[0].itemIndex,
		`${report} With On Error → Continue, every item that got a link keeps it.`,
	);
}
