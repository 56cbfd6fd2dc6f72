import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { describeItems, formatCount, reportApplied } from '../../shared/execution';
import { runBounded } from '../../shared/parallel';
import { outcomeUncertain, quoteAnswer } from '../../shared/errors';
import { declareFailure, failureOf } from '../../shared/failure';
import {
	DEEP_LINK_PATH,
	openDialogApiRequest,
	openDialogError,
} from '../../shared/transport/openDialog';
import type { ApiRequest } from '../../shared/transport/request';
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

type BatchResult = { links: true } | { tooMany: number | 'unknown' } | Failure;

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
	let requests = 0;
	let rejected = 0;
	let sizeSettled = false;
	let pending = splitBatches(rows, size);
	let stopping: { failure: Failure; batch: Row[] } | undefined;

	const send = async (batch: Row[]): Promise<BatchResult> => {
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
		try {
			requests++;
			const response = await openDialogApiRequest.call(context, request);
			if (response.statusCode === 422) {
				const limit = usersLimitFromRejection(response.body);
				if (limit !== undefined && batch.length > 1 && rejected < MAX_REJECTIONS)
					return { tooMany: limit };
				return { error: openDialogError(context, request, response) };
			}
			const read = readDeepLinks(
				response.body,
				batch.map((row) => row.dataset.user_id),
			);
			if ('problem' in read) {
				// Not the documented answer: something other than the deep-link API answered.
				return {
					mayHaveCreated: true,
					error: declareFailure(
						new NodeApiError(
							context.getNode(),
							{ answer: quoteAnswer(response.body, 2000) },
							{
								message: `OpenDialog's answer to ${request.purpose} (HTTP ${response.statusCode}) does not match the users sent`,
								description: `It ${read.problem}: ${quoteAnswer(response.body)}. OpenDialog may have created these users' contexts; their links could not be matched to the items, so none is given.`,
								itemIndex: items[0],
							},
						),
						failureOf('configuration-invalid'),
					),
				};
			}
			read.links.forEach((link, index) => (outcomes[batch[index].itemIndex] = { link }));
			return { links: true };
		} catch (error) {
			return { error: error as NodeApiError, mayHaveCreated: outcomeUncertain(error) };
		}
	};

	/** Settles a batch's result; false once the node must stop starting batches. */
	const settle = (batch: Row[], result: BatchResult): boolean => {
		if ('links' in result) {
			sizeSettled = true;
			return true;
		}
		if ('tooMany' in result) {
			rejected++;
			const limit = result.tooMany;
			size = Math.min(
				size,
				typeof limit === 'number' && limit >= 1 && limit < batch.length
					? limit
					: Math.max(1, Math.floor(batch.length / 2)),
			);
			pending.push(...splitBatches(batch, size));
			return true;
		}
		if (!settings.continueOnFail) {
			stopping ??= { failure: result, batch };
			return false;
		}
		for (const row of batch) outcomes[row.itemIndex] = result;
		return true;
	};

	while (pending.length > 0 && !stopping) {
		if (!sizeSettled || settings.requestsInParallel === 1) {
			const batch = pending.shift() as Row[];
			const shrinking = size;
			settle(batch, await send(batch));
			// A new size applies to every batch not yet sent, in input order.
			if (size < shrinking)
				pending = splitBatches(
					pending.flat().sort((a, b) => a.itemIndex - b.itemIndex),
					size,
				);
			continue;
		}
		const wave = pending;
		pending = [];
		await runBounded(
			wave,
			settings.requestsInParallel,
			async (batch) => settle(batch, await send(batch)),
			(outcome) => outcome.status === 'fulfilled' && !outcome.value,
		);
		pending.sort((a, b) => a[0].itemIndex - b[0].itemIndex);
	}
	if (stopping) throw withProgress(context, stopping.failure.error, rows, outcomes, stopping.batch);
	return { requests, rejected, usersPerRequest: size };
}

/** Without continueOnFail: the error also says which items got links and which were not sent. */
function withProgress(
	context: IExecuteFunctions,
	error: NodeApiError | NodeOperationError,
	rows: Row[],
	outcomes: Array<Outcome | undefined>,
	failed: Row[],
) {
	const failedItems = new Set(failed.map((row) => row.itemIndex));
	const linked = rows
		.filter((row) => outcomes[row.itemIndex] && 'link' in (outcomes[row.itemIndex] as Outcome))
		.map((row) => row.itemIndex);
	const notSent = rows
		.filter((row) => outcomes[row.itemIndex] === undefined && !failedItems.has(row.itemIndex))
		.map((row) => row.itemIndex);
	const parts = [
		linked.length > 0
			? `Links were generated for item(s) ${describeItems(linked)} (${formatCount(linked.length)})`
			: 'No links were generated',
		`item(s) ${describeItems([...failedItems])} failed`,
	];
	if (notSent.length > 0) parts.push(`item(s) ${describeItems(notSent)} were not sent`);
	return reportApplied(
		context,
		error,
		failed[0].itemIndex,
		`${parts.join('; ')}. With On Error → Continue, every item that got a link keeps it.`,
	);
}
