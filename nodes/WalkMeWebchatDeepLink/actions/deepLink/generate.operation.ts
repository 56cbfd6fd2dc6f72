import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readEveryItem } from '../../../shared/execution';
import { attributeSourceFields } from '../../../shared/attributes';
import { requestsInParallelOption } from '../../../shared/parallel';
import { checkOpenDialogCredential } from '../../../shared/transport/openDialog';
import { generateLinks } from '../../helpers/generateLinks';
import { perItemOutput, singleItem } from '../../helpers/output';
import type { Outcome, Row } from '../../helpers/readRows';
import { MAX_USERS_DOCUMENTED, readRow, readSettings } from '../../helpers/readRows';

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
	...attributeSourceFields({
		sources: ['allFields', 'fields', 'keyValue'],
		fieldsExample: 'name, email, account_type',
		pairExample: ['support_tier', 'gold'],
	}),
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
			requestsInParallelOption(
				'batches are sent (after the first, whose answer tells the batch size the workspace takes)',
				'OpenDialog',
			),
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
					"How many users one request carries. OpenDialog's limit is set per workspace (100 in " +
					'its documentation); when a workspace answers with a lower one, the node uses it.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deepLink'], operation: ['generate'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const settings = readSettings(this);
	await checkOpenDialogCredential(this);
	const outcomes: Array<Outcome | undefined> = new Array(items.length);
	// Every row is read and checked before anything is sent.
	const rows: Row[] = [];
	readEveryItem(
		this,
		items,
		(item, itemIndex) => rows.push(readRow(this, item, itemIndex)),
		(itemIndex, error) => (outcomes[itemIndex] = { error }),
	);
	const stats = await generateLinks(this, rows, outcomes, settings);
	return settings.outputMode === 'single'
		? [singleItem(items, outcomes, stats)]
		: perItemOutput(items, outcomes, settings);
}
