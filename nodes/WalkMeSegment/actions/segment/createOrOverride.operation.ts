import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobError, runJobs } from '../../../shared/execution';
import { quoteAnswer } from '../../../shared/errors';
import { failureOf } from '../../../shared/failure';
import { listSegments, readSegmentGuid, readSegmentName } from '../../helpers/segments';
import { runSegmentJob } from '../../helpers/segmentJob';
import { membershipInputs, membershipOutput, readNamedSegmentJob } from '../../helpers/membership';
import { membershipOptionsField, systemGuidField, userIdFields } from './common.descriptions';

const properties: INodeProperties[] = [
	systemGuidField,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Customers',
		description:
			'The segment with exactly this name gets exactly these users; it is created when the system has none by that name',
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description:
			'Optional identifier of the list in the system it comes from; sent only when the segment is created',
	},
	...userIdFields,
	membershipOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['segment'], operation: ['createOrOverride'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	// One lookup per system per run, kept current as this run creates segments.
	const segmentsBySystem = new Map<string, IDataObject[]>();
	return await runJobs(
		this,
		membershipInputs(this, items),
		(input) => readNamedSegmentJob(this, items, input),
		async (job, input) => {
			let lookups = 0;
			let segments = segmentsBySystem.get(job.systemGuid);
			if (!segments) {
				segments = (await listSegments(this, job.systemGuid, input.paramIndex)).segments;
				segmentsBySystem.set(job.systemGuid, segments);
				lookups = 1;
			}
			const existing = segmentNamed(this, job, segments, input.paramIndex);
			const result = await runSegmentJob(this, {
				kind: existing ? 'override' : 'create',
				systemGuid: job.systemGuid,
				segmentGuid: existing ?? undefined,
				name: job.name,
				externalId: job.externalId,
				userIds: job.users.userIds,
				itemIndex: input.paramIndex,
			});
			if (!existing) segments.push({ guid: result.segmentGuid, name: job.name });
			const action = existing ? 'override' : 'create';
			return membershipOutput(job, result, { name: job.name, action, created: !existing }, lookups);
		},
	);
}

/**
 * The GUID of the one segment of the list named as the job says, or null when there is none.
 * Creating is not idempotent: it happens only when the list proves the name is absent, so a list
 * that cannot prove it (an entry without a readable name or GUID, or the name twice) stops the job.
 */
function segmentNamed(
	context: IExecuteFunctions,
	job: { systemGuid: string; name: string },
	segments: IDataObject[],
	itemIndex: number,
): string | null {
	const refuse = (message: string, description: string) =>
		jobError(context, message, {
			itemIndex,
			description,
			details: { systemGuid: job.systemGuid, name: job.name, applied: { users: 0 } },
			failure: failureOf('configuration-invalid'),
		});
	const unnamed = segments.filter((segment) => readSegmentName(segment) === null);
	if (unnamed.length > 0) {
		throw refuse(
			`WalkMe listed ${unnamed.length} segment(s) of system ${job.systemGuid} without a readable name; nothing was changed`,
			`So it cannot be told whether "${job.name}" exists, and nothing was created. ` +
				`First such entry: ${quoteAnswer(unnamed[0])}`,
		);
	}
	const matches = segments.filter((segment) => readSegmentName(segment)?.trim() === job.name);
	if (matches.length > 1) {
		throw refuse(
			`System ${job.systemGuid} has ${matches.length} segments named "${job.name}", so it is unclear which to override`,
			`Segments: ${matches.map((segment) => readSegmentGuid(segment)).join(', ')}. ` +
				`Rename or delete all but one, or use Update with the segment's GUID.`,
		);
	}
	if (matches.length === 0) return null;
	const existing = readSegmentGuid(matches[0]);
	if (existing) return existing;
	throw refuse(
		`WalkMe listed segment "${job.name}" without a readable GUID; nothing was changed`,
		`So it can be neither overridden nor safely created again. The entry: ${quoteAnswer(matches[0])}`,
	);
}
