import type { INodeProperties } from 'n8n-workflow';

import type { Operations } from '../../../shared/router';
import type { PermalinkKind } from '../../helpers/permalink';
import { operationProperties } from '../../../shared/router';
import * as parse from './parse.operation';
import * as restartSdk from './restartSdk.operation';
import * as sendGoal from './sendGoal.operation';
import * as setPrivateUserAttributes from './setPrivateUserAttributes.operation';
import * as setUserAttributes from './setUserAttributes.operation';
import * as setUserId from './setUserId.operation';
import * as startCampaign from './startCampaign.operation';
import * as startCampaignWithRedirect from './startCampaignWithRedirect.operation';

/** Every kind of link the node builds, and Parse. */
export type PermalinkOperation = PermalinkKind | 'parse';

export const operations: Operations<PermalinkOperation> = {
	startCampaign,
	startCampaignWithRedirect,
	sendGoal,
	setUserAttributes,
	setPrivateUserAttributes,
	restartSdk,
	setUserId,
	parse,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['permalink'] } },
		options: [
			{
				name: 'Parse',
				value: 'parse',
				description: 'Split a permalink into its kind and parts',
				action: 'Parse a permalink into its parts',
			},
			{
				name: 'Restart SDK',
				value: 'restartSdk',
				description: 'Link that restarts WalkMe in the app (for testing)',
				action: 'Build a link that restarts the SDK',
			},
			{
				name: 'Send Tracked Event',
				value: 'sendGoal',
				description: 'Link that records a Tracked Event (goal), with optional event attributes',
				action: 'Build a link that records a tracked event',
			},
			{
				name: 'Set End User ID',
				value: 'setUserId',
				description: 'Link that sets the end-user ID (for testing)',
				action: 'Build a link that sets the end user ID',
			},
			{
				name: 'Set Private User Attributes',
				value: 'setPrivateUserAttributes',
				description: 'Link that sets private user attributes',
				action: 'Build a link that sets private user attributes',
			},
			{
				name: 'Set Public User Attributes',
				value: 'setUserAttributes',
				description: 'Link that sets public user attributes',
				action: 'Build a link that sets public user attributes',
			},
			{
				name: 'Start Campaign',
				value: 'startCampaign',
				description: 'Link that starts a campaign',
				action: 'Build a link that starts a mobile campaign',
			},
			{
				name: 'Start Campaign With Redirect',
				value: 'startCampaignWithRedirect',
				description: 'Link that opens an app screen and starts a campaign there',
				action: 'Build a link that opens an app screen and starts a campaign',
			},
		],
		default: 'startCampaign',
	},
	...operationProperties(operations),
];
