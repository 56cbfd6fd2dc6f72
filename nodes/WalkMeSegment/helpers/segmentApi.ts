import type { IDataObject } from 'n8n-workflow';

import type { ApiContext, ApiResponse } from '../../shared/transport';
import { walkMeApiRequest } from '../../shared/transport';
import { readSegmentList } from './segmentResponses';

export const MAX_USERS_PER_REQUEST = 25000;

export function segmentsPath(systemGuid: string, segmentGuid?: string): string {
	const base = `/public/v1/user/system/${encodeURIComponent(systemGuid)}/segment`;
	return segmentGuid ? `${base}/${encodeURIComponent(segmentGuid)}` : base;
}

export async function listSegments(
	context: ApiContext,
	systemGuid: string,
	itemIndex: number,
): Promise<{ segments: IDataObject[]; response: ApiResponse }> {
	const response = await walkMeApiRequest.call(context, {
		method: 'GET',
		path: segmentsPath(systemGuid),
		purpose: 'list the segments of the system',
		itemIndex,
	});
	return { segments: readSegmentList(response.body), response };
}
