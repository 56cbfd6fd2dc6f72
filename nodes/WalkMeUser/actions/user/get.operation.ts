import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobError, jobPerItem, runJobs } from '../../../shared/execution';
import { readRequestsInParallel } from '../../../shared/parallel';
import { scimApiRequest } from '../../../shared/transport/scim';
import { findUser, readResourceId, readUserName, resourceOutput } from '../../helpers/scim';
import { parallelOptions, userIdField } from './common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'ID', value: 'id' },
			{ name: 'User Name', value: 'userName' },
		],
		default: 'userName',
	},
	{ ...userIdField, displayOptions: { show: { findBy: ['id'] } } },
	{
		displayName: 'User Name',
		name: 'userName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. name@example.com',
		description: "The user's e-mail address",
		displayOptions: { show: { findBy: ['userName'] } },
	},
	parallelOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runJobs(
		this,
		jobPerItem(items),
		(input) =>
			this.getNodeParameter('findBy', input.paramIndex, 'userName') === 'id'
				? { id: readResourceId(this, 'userId', 'User ID', input.paramIndex) }
				: { userName: readUserName(this, 'userName', input.paramIndex) },
		async (wanted, input) => {
			const itemIndex = input.paramIndex;
			if (wanted.id !== undefined) {
				const { body } = await scimApiRequest.call(this, {
					method: 'GET',
					path: `/Users/${encodeURIComponent(wanted.id)}`,
					purpose: `read the user ${wanted.id}`,
					itemIndex,
				});
				return resourceOutput(body as IDataObject);
			}
			const user = await findUser(this, wanted.userName as string, itemIndex);
			if (!user) {
				throw jobError(this, `No WalkMe user has the user name ${String(wanted.userName)}`, {
					itemIndex,
					description: 'Use Create or Update to create the user when absent.',
				});
			}
			return resourceOutput(user);
		},
		{ concurrency: readRequestsInParallel(this) },
	);
}
