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
			// Creating is not idempotent: it happens only when the list proves the name is absent.
			const unnamed = segments.filter((segment) => readSegmentName(segment) === null);
			if (unnamed.length > 0) {
				throw jobError(
					this,
					`WalkMe listed ${unnamed.length} segment(s) of system ${job.systemGuid} without a readable name; nothing was changed`,
					{
						itemIndex: input.paramIndex,
						description: `So it cannot be told whether "${job.name}" exists, and nothing was created. First such entry: ${quoteAnswer(unnamed[0])}`,
						details: { systemGuid: job.systemGuid, name: job.name, applied: { users: 0 } },
						failure: failureOf('configuration-invalid'),
					},
				);
			}
			const matches = segments.filter((segment) => readSegmentName(segment)?.trim() === job.name);
			if (matches.length > 1) {
				throw jobError(
					this,
					`System ${job.systemGuid} has ${matches.length} segments named "${job.name}", so it is unclear which to override`,
					{
						itemIndex: input.paramIndex,
						description:
							`Segments: ${matches.map((segment) => readSegmentGuid(segment)).join(', ')}. ` +
							`Rename or delete all but one, or use Update with the segment's GUID.`,
						details: { systemGuid: job.systemGuid, name: job.name, applied: { users: 0 } },
						failure: failureOf('configuration-invalid'),
					},
				);
			}
			const existing = matches.length === 1 ? readSegmentGuid(matches[0]) : null;
			if (matches.length === 1 && !existing) {
				throw jobError(
					this,
					`WalkMe listed segment "${job.name}" without a readable GUID; nothing was changed`,
					{
						itemIndex: input.paramIndex,
						description: `So it can be neither overridden nor safely created again. The entry: ${quoteAnswer(matches[0])}`,
						details: { systemGuid: job.systemGuid, name: job.name, applied: { users: 0 } },
						failure: failureOf('configuration-invalid'),
					},
				);
			}
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
