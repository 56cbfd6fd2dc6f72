import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeGuid } from '../../shared/guid';
import { listSegments, readSegmentGuid, readSegmentName } from '../helpers/segments';

export async function searchSegments(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const systemGuid = normalizeGuid(this.getCurrentNodeParameter('systemGuid'));
	if (!systemGuid) {
		throw new NodeOperationError(
			this.getNode(),
			'Enter a valid System GUID first, then pick the segment',
		);
	}
	const { segments } = await listSegments(this, systemGuid, 0);
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = segments
		.map((segment) => ({
			name: readSegmentName(segment) ?? '(unnamed)',
			value: readSegmentGuid(segment) ?? '',
		}))
		.filter(
			(entry) => entry.value !== '' && (needle === '' || entry.name.toLowerCase().includes(needle)),
		)
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
