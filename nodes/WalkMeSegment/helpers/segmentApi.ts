import type { IDataObject } from 'n8n-workflow';

import { unreadableAnswer } from '../../shared/errors';
import type { ApiContext, ApiResponse } from '../../shared/transport/request';
import { walkMeApiRequest } from '../../shared/transport/walkMe';
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
	const request = {
		method: 'GET' as const,
		path: segmentsPath(systemGuid),
		purpose: 'list the segments of the system',
		itemIndex,
	};
	const response = await walkMeApiRequest.call(context, request);
	const segments = readSegmentList(response.body);
	if (segments === undefined)
		throw unreadableAnswer(context, 'WalkMe', request, response, 'a list of segments');
	return { segments, response };
}
