/** The package's node and credential classes, as the tests load them (from source, not dist). */
import type { ICredentialType, INodeType } from 'n8n-workflow';

import { OpenDialogApi } from '../credentials/OpenDialogApi.credentials';
import { WalkMeEndUserUpdateApi } from '../credentials/WalkMeEndUserUpdateApi.credentials';
import { WalkMeOAuth2Api } from '../credentials/WalkMeOAuth2Api.credentials';
import { WalkMeScimApi } from '../credentials/WalkMeScimApi.credentials';
import { WalkMeWebhookApi } from '../credentials/WalkMeWebhookApi.credentials';
import { WalkMeActivityLog } from '../nodes/WalkMeActivityLog/WalkMeActivityLog.node';
import { WalkMeActivityTrigger } from '../nodes/WalkMeActivityTrigger/WalkMeActivityTrigger.node';
import { WalkMeEndUser } from '../nodes/WalkMeEndUser/WalkMeEndUser.node';
import { WalkMeNotification } from '../nodes/WalkMeNotification/WalkMeNotification.node';
import { WalkMePermalink } from '../nodes/WalkMePermalink/WalkMePermalink.node';
import { WalkMeSegment } from '../nodes/WalkMeSegment/WalkMeSegment.node';
import { WalkMeTrigger } from '../nodes/WalkMeTrigger/WalkMeTrigger.node';
import { WalkMeUser } from '../nodes/WalkMeUser/WalkMeUser.node';
import { WalkMeWebchatDeepLink } from '../nodes/WalkMeWebchatDeepLink/WalkMeWebchatDeepLink.node';

export const nodeTypeClasses: Record<string, new () => INodeType> = {
	walkMeActivityLog: WalkMeActivityLog,
	walkMeActivityTrigger: WalkMeActivityTrigger as unknown as new () => INodeType,
	walkMeEndUser: WalkMeEndUser,
	walkMeNotification: WalkMeNotification,
	walkMePermalink: WalkMePermalink,
	walkMeSegment: WalkMeSegment,
	walkMeTrigger: WalkMeTrigger,
	walkMeUser: WalkMeUser,
	walkMeWebchatDeepLink: WalkMeWebchatDeepLink,
};

export const credentialTypes: Record<string, ICredentialType> = {
	openDialogApi: new OpenDialogApi(),
	walkMeEndUserUpdateApi: new WalkMeEndUserUpdateApi(),
	walkMeOAuth2Api: new WalkMeOAuth2Api(),
	walkMeScimApi: new WalkMeScimApi(),
	walkMeWebhookApi: new WalkMeWebhookApi(),
};
