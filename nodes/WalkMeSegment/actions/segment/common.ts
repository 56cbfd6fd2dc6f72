import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { SegmentJobResult } from '../../helpers/segmentJob';
import { NodeOperationError } from 'n8n-workflow';

import type { JobInput } from '../../../shared/execution';
import { formatCount, jobForAllItems, jobPerItem, readField } from '../../../shared/execution';
import {
	asGuid,
	parameterValue,
	readRequiredText,
	readSystemGuid,
	readText,
} from '../../../shared/parameters';
import type { PreparedUserIds, UserIdSource, UserIdSources } from '../../../shared/userIds';
import {
	MAX_USER_ID_LENGTH,
	UserIdShapeError,
	fieldSources,
	prepareUserIds,
} from '../../../shared/userIds';

export const segmentIdField: INodeProperties = {
	displayName: 'Segment',
	name: 'segmentId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The segment to change',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchSegments', searchable: true },
		},
		{
			displayName: 'By GUID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 12345aeb-123c-4d83-8b38-a5a456789d0a',
			validation: [
				{
					type: 'regex',
					properties: {
						regex:
							'^\\s*(\\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\\}?)\\s*$',
						errorMessage: 'Not a segment GUID (expected 8-4-4-4-12)',
					},
				},
			],
		},
	],
};

/** How the user ID parameters are shown for an operation that sends users. */
type Show = { resource: string[]; operation: string[] };

export function userIdFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'User IDs From',
			name: 'userIdSource',
			type: 'options',
			options: [
				{
					name: 'A Parameter, One Job per Item',
					value: 'parameter',
					description: 'Each input item is its own job, with its own user ID list',
				},
				{
					name: 'A Field of All Input Items, One Job',
					value: 'allItems',
					description:
						'Every input item contributes the user ID in one field; they make one job (e.g. 80,000 CRM contacts → one segment)',
				},
			],
			default: 'allItems',
			displayOptions: { show },
		},
		{
			displayName: 'User ID Field',
			name: 'userIdField',
			type: 'string',
			default: 'email',
			required: true,
			placeholder: 'e.g. email or properties.email',
			description:
				'The field of each input item that holds its user ID (dot notation for nested fields)',
			hint: 'The values must match the user identifier your WalkMe system uses',
			displayOptions: { show: { ...show, userIdSource: ['allItems'] } },
		},
		{
			displayName: 'User IDs',
			name: 'userIds',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			required: true,
			placeholder: 'e.g. john@company.com, melissa@company.com',
			description:
				'Comma- or newline-separated, or an expression that returns a list. Trimmed, empties dropped, duplicates removed.',
			displayOptions: { show: { ...show, userIdSource: ['parameter'] } },
		},
	];
}

export function optionsField(show: Show): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Skip Invalid User IDs',
				name: 'skipInvalidUserIds',
				type: 'boolean',
				default: false,
				description: `Whether to leave out IDs longer than ${MAX_USER_ID_LENGTH} characters (listed in the output) instead of failing`,
			},
		],
	};
}

/** The Segment parameter (a resource locator) as a GUID. */
export function readSegmentParameter(context: IExecuteFunctions, itemIndex: number): string {
	const raw = context.getNodeParameter('segmentId', itemIndex, '', {
		extractValue: true,
	}) as unknown;
	return asGuid(
		context,
		raw,
		'Segment',
		itemIndex,
		'Pick the segment from the list, or enter its GUID as 8-4-4-4-12.',
		'a segment GUID',
	);
}

/** One job per item, or one for all items, as the User IDs From parameter says. */
export function membershipInputs(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
): JobInput[] {
	const source = context.getNodeParameter('userIdSource', 0, 'allItems') as string;
	return source === 'allItems' ? jobForAllItems(items) : jobPerItem(items);
}

/**
 * Reads and cleans the user IDs of a job, failing (naming the field and the item) on a list that
 * ends up empty, on a value that cannot be a user ID, and on an over-long ID unless skipping.
 */
export function readUserIds(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	input: JobInput,
): PreparedUserIds & { field: string } {
	const source = context.getNodeParameter('userIdSource', 0, 'allItems') as string;
	const options = context.getNodeParameter('options', input.paramIndex, {}) as IDataObject;
	let field: string;
	let sources: UserIdSource[] | UserIdSources;
	if (source === 'allItems') {
		field = readRequiredText(context, 'userIdField', 'User ID Field', 0);
		sources = fieldSources(input.itemIndexes, (itemIndex) =>
			readField(items[itemIndex].json, field),
		);
	} else {
		field = 'User IDs';
		sources = [
			{
				value: parameterValue(context, 'userIds', input.paramIndex, undefined),
				itemIndex: input.paramIndex,
			},
		];
	}

	let prepared: PreparedUserIds;
	try {
		prepared = prepareUserIds(sources);
	} catch (error) {
		if (error instanceof UserIdShapeError) {
			throw new NodeOperationError(
				context.getNode(),
				`${fieldLabel(field, source)} in item ${error.itemIndex}: ${error.message}`,
				{
					itemIndex: error.itemIndex,
					description: 'WalkMe user IDs are plain strings; nested objects cannot be sent.',
				},
			);
		}
		throw new NodeOperationError(context.getNode(), error as Error, {
			itemIndex: input.paramIndex,
		});
	}

	if (prepared.invalid.length > 0 && options.skipInvalidUserIds !== true) {
		const first = prepared.invalid[0];
		throw new NodeOperationError(
			context.getNode(),
			`${fieldLabel(field, source)} in item ${first.itemIndex} holds a user ID ${first.reason}: "${first.userId}"`,
			{
				itemIndex: first.itemIndex,
				description: `WalkMe accepts user IDs of up to ${MAX_USER_ID_LENGTH} characters. ${formatCount(prepared.invalid.length)} ID(s) are too long; turn on Options → Skip Invalid User IDs to leave them out.`,
			},
		);
	}
	if (prepared.userIds.length === 0) {
		const where =
			source === 'allItems'
				? `in field "${field}" of the ${formatCount(input.itemIndexes.length)} input item(s)`
				: `in User IDs of item ${input.paramIndex}`;
		throw new NodeOperationError(context.getNode(), `No user IDs found ${where}`, {
			itemIndex: input.paramIndex,
			description:
				prepared.invalid.length > 0
					? 'Every ID was skipped as invalid.'
					: 'An empty list would create an empty segment or wipe an existing one, so nothing was sent.',
		});
	}
	return { ...prepared, field };
}

function fieldLabel(field: string, source: string): string {
	return source === 'allItems' ? `Field "${field}"` : 'User IDs';
}

/** The part of the output every membership operation shares. */
export function userIdReport(prepared: PreparedUserIds): IDataObject {
	const report: IDataObject = {
		usersReceived: prepared.received,
		emptyRemoved: prepared.emptyRemoved,
		duplicatesRemoved: prepared.duplicatesRemoved,
		usersSent: prepared.userIds.length,
	};
	if (prepared.invalid.length > 0) {
		report.invalidSkipped = prepared.invalid.length;
		report.invalidUserIds = prepared.invalid.map((entry) => ({ ...entry }));
	}
	return report;
}

/** Name and External ID, as Create and Create or Override show them. */
export function segmentNameFields(
	show: Show,
	nameDescription: string,
	externalIdDescription: string,
): INodeProperties[] {
	return [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Customers',
			description: nameDescription,
			displayOptions: { show },
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			description: externalIdDescription,
			displayOptions: { show },
		},
	];
}

/** The inputs of a job that names its segment (Create, Create or Override). */
export function readNamedSegmentJob(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	input: JobInput,
) {
	return {
		systemGuid: readSystemGuid(context, input.paramIndex),
		name: readRequiredText(context, 'name', 'Name', input.paramIndex),
		externalId: readText(context, 'externalId', 'External ID', input.paramIndex) || undefined,
		users: readUserIds(context, items, input),
	};
}

/** The output item of a membership job. */
export function membershipOutput(
	job: { systemGuid: string; users: PreparedUserIds },
	result: SegmentJobResult,
	fields: IDataObject,
	extraRequests = 0,
): IDataObject {
	return {
		systemGuid: job.systemGuid,
		segmentGuid: result.segmentGuid,
		...fields,
		...userIdReport(job.users),
		requests: extraRequests + result.requests,
		chunks: result.chunks,
	};
}
