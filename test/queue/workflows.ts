/** The workflows the queue-mode suite imports on main, and the names they are known by. */
import { EXAMPLE_CREDENTIALS, chainWorkflow } from '../../dev/host';

export const SYSTEM_GUID = '6b1f2c3d-4e5f-4071-8293-a4b5c6d7e8f9';
export const WORKFLOW_ID = 'walkmeQueueAdd01';
export const WEBHOOK_PATH = 'walkme-queue-add';
export const BURST = 100;
export const END_USER_WORKFLOW_ID = 'walkmeQueueUser01';
export const END_USER_PATH = 'walkme-queue-end-user';
export const END_USERS = 40;
export const ACTIVITY_WORKFLOW_ID = 'walkmeQueuePoll01';
export const DEDUP_WORKFLOW_ID = 'walkmeQueueDedup1';
export const DEDUP_TITLE = 'Lead 1001 assigned to you';

/** Webhook → WalkMe Segment (add the user in the request). */
export const segmentWorkflow = {
	id: WORKFLOW_ID,
	name: 'Queue: add the user in the request to a segment',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'queue-webhook',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'c0ffee00-0000-4000-8000-00000000q001',
			parameters: {
				httpMethod: 'POST',
				path: WEBHOOK_PATH,
				responseMode: 'onReceived',
				options: {},
			},
		},
		{
			id: 'queue-segment',
			name: 'Add to segment',
			type: 'n8n-nodes-walkme.walkMeSegment',
			typeVersion: 1,
			position: [260, 0],
			parameters: {
				resource: 'segment',
				operation: 'update',
				systemGuid: SYSTEM_GUID,
				segmentId: { __rl: true, mode: 'id', value: '={{ $json.body.segment }}' },
				action: 'add',
				userIdSource: 'parameter',
				userIds: '={{ $json.body.user }}',
				options: {},
			},
			credentials: { walkMeOAuth2Api: EXAMPLE_CREDENTIALS.walkMeOAuth2Api },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Add to segment', type: 'main', index: 0 }]] } },
	pinData: {},
};

/** Start (manual) → WalkMe Notification with a Deduplication Key: what a user re-runs by hand. */
export const dedupWorkflow = chainWorkflow(DEDUP_WORKFLOW_ID, [
	{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
	{
		name: 'Notify',
		type: 'n8n-nodes-walkme.walkMeNotification',
		typeVersion: 1,
		parameters: {
			resource: 'notification',
			operation: 'send',
			systemId: 'bcf4c7f5682b4aa6875a0fc9bdfa21ca',
			templateId: '75cfcba6-c320-42cb-938e-4c2bd08a43a3',
			endUsersIds: 'ana@company.example',
			runtimeTitle: DEDUP_TITLE,
			options: { deduplicationKey: 'lead-1001-assigned' },
		},
		credentials: { walkMeOAuth2Api: EXAMPLE_CREDENTIALS.walkMeOAuth2Api },
	},
]);

/** Webhook → WalkMe End User: the user in the request, with a plan and a renewal date. */
export const endUserWorkflow = chainWorkflow(END_USER_WORKFLOW_ID, [
	{
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: 'c0ffee00-0000-4000-8000-00000000q002',
		parameters: {
			httpMethod: 'POST',
			path: END_USER_PATH,
			responseMode: 'onReceived',
			options: {},
		},
	},
	{
		name: 'Update user attributes',
		type: 'n8n-nodes-walkme.walkMeEndUser',
		typeVersion: 1,
		parameters: {
			resource: 'endUser',
			operation: 'updateAttributes',
			identifierName: 'email',
			identifier: '={{ $json.body.email }}',
			attributeSource: 'keyValue',
			attributes: {
				attribute: [
					{ name: 'plan', value: '={{ $json.body.plan }}' },
					{ name: 'renewalDate', value: '={{ $json.body.renewal }}' },
				],
			},
			options: { dateAttributes: 'renewalDate' },
		},
		credentials: {
			walkMeOAuth2Api: EXAMPLE_CREDENTIALS.walkMeOAuth2Api,
			walkMeEndUserUpdateApi: EXAMPLE_CREDENTIALS.walkMeEndUserUpdateApi,
		},
	},
]);
