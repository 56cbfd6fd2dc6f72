/** What a user builds without this package: n8n's HTTP Request node adding one user per request. */
export function addUserByHttpRequest(segmentUrl: string) {
	return {
		method: 'PUT',
		url: segmentUrl,
		authentication: 'genericCredentialType',
		genericAuthType: 'oAuth2Api',
		sendBody: true,
		specifyBody: 'json',
		jsonBody: '={{ JSON.stringify({ action: "add", userIds: [$json.email] }) }}',
		options: {},
	};
}
