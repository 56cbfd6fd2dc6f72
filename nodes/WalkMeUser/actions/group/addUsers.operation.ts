import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parallelOptions } from '../user/common.descriptions';
import { groupIdField, userIdsField } from './common.descriptions';
import { changeMembers } from './members';

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['addUsers'] } },
	[groupIdField, userIdsField, parallelOptions],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await changeMembers(this, items, 'add');
}
