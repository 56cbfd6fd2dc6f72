/** What both registry tests run once the package is installed: a link for the user, then a notification with it. */
import { EXAMPLE_CREDENTIALS, PACKAGE_NAME } from '../../dev/host';

const APP_KEY = '6773869e-781c-419f-8b09-32055a2a22d6';

/** The link WalkMe Permalink's Set User ID builds for an e-mail address. */
export function appLinkFor(email: string): string {
	return `com.walkme.${APP_KEY}://1.0/set_user_id/${encodeURIComponent(email)}`;
}

/**
 * WalkMe Permalink (a link that sets the user in the app) → WalkMe Notification (the link in it),
 * with the expressions that give the user's e-mail address to each.
 */
export function appLinkNodes(email: { forLink: string; forNotification: string }) {
	return [
		{
			name: 'App link',
			type: `${PACKAGE_NAME}.walkMePermalink`,
			typeVersion: 1,
			parameters: {
				resource: 'permalink',
				operation: 'setUserId',
				appKey: APP_KEY,
				userId: email.forLink,
				outputField: 'appLink',
			},
		},
		{
			name: 'Notify',
			type: `${PACKAGE_NAME}.walkMeNotification`,
			typeVersion: 1,
			parameters: {
				resource: 'notification',
				operation: 'send',
				systemId: 'bcf4c7f5682b4aa6875a0fc9bdfa21ca',
				templateId: '75cfcba6-c320-42cb-938e-4c2bd08a43a3',
				endUsersIds: email.forNotification,
				runtimeTitle: 'Open the app',
				overrides: { override: [{ key: 'URL', value: '={{ $json.appLink }}' }] },
			},
			credentials: { walkMeOAuth2Api: EXAMPLE_CREDENTIALS.walkMeOAuth2Api },
		},
	];
}
