import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { describeItems, formatCount } from '../../../shared/execution';
import {
	DEFAULT_PARALLEL_REQUESTS,
	MAX_PARALLEL_REQUESTS,
	readRequestsInParallel,
	runBounded,
} from '../../../shared/parallel';
import {
	asText,
	readField,
	readInteger,
	readRequiredText,
	readText,
	splitList,
} from '../../../shared/parameters';
import type { ApiRequest } from '../../../shared/transport/request';
import { outcomeUncertain, quoteAnswer } from '../../../shared/transport/errors';
import {
	DEEP_LINK_PATH,
	openDialogApiRequest,
	openDialogError,
	workspaceUrl,
} from '../../../shared/transport/openDialog';
import type { AttributeValue } from '../../helpers/attributes';
import { AttributeError, toAttributeValue } from '../../helpers/attributes';
import { readDeepLinks, usersLimitFromRejection } from '../../helpers/answers';

export const MAX_USERS_DOCUMENTED = 100;
/** Smaller batches after "too many users" answers are tried at most this often in one run. */
const MAX_REJECTIONS = 8;

const properties: INodeProperties[] = [
	{
		displayName: 'Scenario ID',
		name: 'scenarioId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. customer_support',
		description: 'The OpenDialog scenario the webchat opens',
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.crmId }}',
		description:
			"Each user's identifier in OpenDialog; empty lets OpenDialog generate one (a UUID). Prefer IDs that cannot be guessed.",
	},
	{
		displayName: 'Attributes From',
		name: 'attributeSource',
		type: 'options',
		options: [
			{
				name: 'All Fields of the Item',
				value: 'allFields',
				description: "Every field of each item becomes an attribute of the user's context",
			},
			{
				name: 'Chosen Fields',
				value: 'fields',
				description: 'The fields named below, named as the fields are',
			},
			{ name: 'Name/Value Pairs', value: 'keyValue', description: 'Enter each attribute below' },
		],
		default: 'fields',
	},
	{
		displayName: 'Fields',
		name: 'attributeFields',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. name, email, account_type',
		description:
			'Comma-separated names of the item fields to send (dot notation for nested fields)',
		displayOptions: { show: { attributeSource: ['fields'] } },
	},
	{
		displayName: 'Attributes',
		name: 'attributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attribute',
		default: {},
		displayOptions: { show: { attributeSource: ['keyValue'] } },
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. support_tier',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. gold',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Comma-Separated Lists',
				name: 'listAttributes',
				type: 'string',
				default: '',
				placeholder: 'e.g. interests, products',
				description:
					'Attributes whose comma-separated text is sent as a list (a collection attribute), e.g. "shoes, bags" → ["shoes", "bags"]',
			},
			{
				displayName: 'Output',
				name: 'outputMode',
				type: 'options',
				options: [
					{ name: 'Each Item Gains Its Link', value: 'perItem' },
					{ name: 'One Item Holding All Links', value: 'single' },
				],
				default: 'perItem',
			},
			{
				displayName: 'Output Field',
				name: 'outputField',
				type: 'string',
				default: 'webchatUrl',
				description: 'The field each item gains with its link; the item keeps all its other fields',
			},
			{
				displayName: 'Requests in Parallel',
				name: 'requestsInParallel',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
				default: DEFAULT_PARALLEL_REQUESTS,
				description:
					'How many batches are sent at once, once the workspace has accepted one (which tells the batch size it takes). OpenDialog publishes no rate limit; a 429 answer pauses them all. 1 sends one after another.',
			},
			{
				displayName: 'User ID Output Field',
				name: 'userIdOutputField',
				type: 'string',
				default: 'webchatUserId',
				description:
					'The field each item gains with the user ID OpenDialog used (the one sent, or the one it generated)',
			},
			{
				displayName: 'Users per Request',
				name: 'usersPerRequest',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: MAX_USERS_DOCUMENTED,
				description:
					"How many users one request carries. OpenDialog's limit is set per workspace (100 in its documentation); when a workspace answers with a lower one, the node uses it.",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deepLink'], operation: ['generate'] } },
	properties,
);

interface Row {
	itemIndex: number;
	scenarioId: string;
	dataset: { user_id?: string; attributes: Record<string, AttributeValue> };
}

interface Settings {
	requestsInParallel: number;
	outputMode: 'perItem' | 'single';
	outputField: string;
	userIdOutputField: string;
	usersPerRequest: number;
	continueOnFail: boolean;
}

type Failure = { error: NodeApiError | NodeOperationError; mayHaveCreated?: boolean };
type Outcome = { link: { user_id: string; url: string } } | Failure;

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const settings = readSettings(this);
	await workspaceUrl(this);
	const outcomes: Array<Outcome | undefined> = new Array(items.length);
	// Every row is read and checked before anything is sent.
	const rows: Row[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			rows.push(readRow(this, items[itemIndex], itemIndex));
		} catch (error) {
			const invalid =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (!settings.continueOnFail) throw invalid;
			outcomes[itemIndex] = { error: invalid };
		}
	}
	const stats = await generateLinks(this, rows, outcomes, settings);
	return settings.outputMode === 'single'
		? [singleItem(items, outcomes, stats)]
		: perItemOutput(items, outcomes, settings);
}

function readSettings(context: IExecuteFunctions): Settings {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const outputField = readText(context, 'options.outputField', 'Output Field', 0) || 'webchatUrl';
	const userIdOutputField =
		readText(context, 'options.userIdOutputField', 'User ID Output Field', 0) || 'webchatUserId';
	if (outputField === userIdOutputField) {
		throw new NodeOperationError(
			context.getNode(),
			`Output Field and User ID Output Field in item 0 are both "${outputField}": the user ID would overwrite the link`,
			{
				itemIndex: 0,
				description: 'Give the two options different field names.',
			},
		);
	}
	return {
		requestsInParallel: readRequestsInParallel(context),
		outputMode: options.outputMode === 'single' ? 'single' : 'perItem',
		outputField,
		userIdOutputField,
		usersPerRequest:
			options.usersPerRequest === undefined
				? MAX_USERS_DOCUMENTED
				: readInteger(context, 'options.usersPerRequest', 'Users per Request', 0, {
						fallback: MAX_USERS_DOCUMENTED,
						min: 1,
					}),
		continueOnFail: context.continueOnFail(),
	};
}

function readRow(context: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): Row {
	const fail = (message: string, description?: string) =>
		new NodeOperationError(context.getNode(), message, { itemIndex, description });
	const scenarioId = readRequiredText(context, 'scenarioId', 'Scenario ID', itemIndex);
	const userId = readText(context, 'userId', 'User ID', itemIndex);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const lists = new Set(
		splitList(asText(context, options.listAttributes ?? '', 'Comma-Separated Lists', itemIndex)),
	);

	const source = context.getNodeParameter('attributeSource', itemIndex, 'fields') as string;
	let named: Array<[string, unknown]>;
	if (source === 'allFields') {
		named = Object.entries(item.json);
	} else if (source === 'keyValue') {
		const pairs =
			(context.getNodeParameter('attributes.attribute', itemIndex, []) as IDataObject[]) ?? [];
		named = pairs.map((pair) => [
			asText(context, pair.name ?? '', 'Attributes → Name', itemIndex),
			pair.value,
		]);
	} else if (source === 'fields') {
		const names = readRequiredText(context, 'attributeFields', 'Fields', itemIndex)
			.split(',')
			.map((name) => name.trim());
		if (names.some((name) => name === ''))
			throw fail(`Fields in item ${itemIndex} has an empty field name`);
		named = names.map((name) => {
			const value = readField(item.json, name);
			if (value === undefined)
				throw fail(`Fields in item ${itemIndex}: the item has no field ${JSON.stringify(name)}`);
			return [name, value];
		});
	} else {
		throw fail(
			`Attributes From in item ${itemIndex} must be allFields, fields or keyValue, not ${JSON.stringify(source)}`,
			'allFields sends every field of the item, fields the fields named in Fields, keyValue the Name/Value pairs.',
		);
	}

	const attributes: Record<string, AttributeValue> = {};
	for (const [name, value] of named) {
		if (name.trim() === '')
			throw fail(
				`Attributes in item ${itemIndex}: an attribute has ${name === '' ? 'an empty name' : `a name of spaces only (${JSON.stringify(name)})`}`,
			);
		if (Object.hasOwn(attributes, name))
			throw fail(`Attributes in item ${itemIndex}: "${name}" is given twice`);
		try {
			const converted = toAttributeValue(name, value, lists.has(name));
			if (converted !== undefined) attributes[name] = converted;
		} catch (error) {
			if (error instanceof AttributeError) {
				throw fail(
					`Attributes in item ${itemIndex}: ${error.message}`,
					'Pick the text or number fields inside it, or leave the field out.',
				);
			}
			throw fail(`Attributes in item ${itemIndex}: ${(error as Error).message}`);
		}
	}
	const dataset: Row['dataset'] = { attributes };
	if (userId !== '') dataset.user_id = userId;
	return { itemIndex, scenarioId, dataset };
}

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
async function generateLinks(
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
				return {
					mayHaveCreated: true,
					error: new NodeApiError(
						context.getNode(),
						{ answer: quoteAnswer(response.body, 2000) },
						{
							message: `OpenDialog's answer to ${request.purpose} (HTTP ${response.statusCode}) ${read.problem}: ${quoteAnswer(response.body)}`,
							description:
								"OpenDialog may have created these users' contexts; their links could not be matched to the items, so none is given.",
							itemIndex: items[0],
						},
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
	if (stopping) throw withProgress(stopping.failure.error, rows, outcomes, stopping.batch);
	return { requests, rejected, usersPerRequest: size };
}

/** Without continueOnFail: the error also says which items got links and which were not sent. */
function withProgress(
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
	error.message = `${error.message}${/[.!?]$/.test(error.message) ? '' : '.'} ${parts.join('; ')}. With On Error → Continue, every item that got a link keeps it.`;
	return error;
}

function perItemOutput(
	items: INodeExecutionData[],
	outcomes: Array<Outcome | undefined>,
	settings: Settings,
): INodeExecutionData[] {
	return items.map((item, itemIndex) => {
		const outcome = outcomes[itemIndex] as Outcome;
		if ('link' in outcome) {
			return {
				json: {
					...item.json,
					[settings.outputField]: outcome.link.url,
					[settings.userIdOutputField]: outcome.link.user_id,
				},
				pairedItem: { item: itemIndex },
			};
		}
		const details: IDataObject = {};
		if (outcome.error.description) details.description = outcome.error.description;
		if (outcome.error instanceof NodeApiError && outcome.error.httpCode)
			details.httpCode = outcome.error.httpCode;
		if (outcome.mayHaveCreated) details.mayHaveCreatedUserContext = true;
		return { json: { error: outcome.error.message, details }, pairedItem: { item: itemIndex } };
	});
}

function singleItem(
	items: INodeExecutionData[],
	outcomes: Array<Outcome | undefined>,
	stats: { requests: number; rejected: number; usersPerRequest: number },
): INodeExecutionData {
	const links: IDataObject[] = [];
	const failed: IDataObject[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (!outcome) return;
		if ('link' in outcome)
			links.push({ itemIndex, user_id: outcome.link.user_id, url: outcome.link.url });
		else failed.push({ itemIndex, error: outcome.error.message });
	});
	const json: IDataObject = {
		links,
		count: links.length,
		requests: stats.requests,
		usersPerRequest: stats.usersPerRequest,
	};
	if (stats.rejected > 0) json.rejectedForSize = stats.rejected;
	if (failed.length > 0) json.failed = failed;
	return { json, pairedItem: items.map((_, item) => ({ item })) };
}
