import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/**
 * The credential's Test checks the token's form only: the End User Update API has no call that
 * proves a token without sending user data, which a test must not do.
 */
export async function walkMeIntegrationTokenTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const token = String(credential.data?.integrationToken ?? '');
	if (token.trim() === '') return { status: 'Error', message: 'The Integration Token is empty' };
	if (/\s/.test(token))
		return {
			status: 'Error',
			message: 'The Integration Token has spaces or line breaks: copy it again from WalkMe',
		};
	return {
		status: 'OK',
		message:
			'The token has the right form. WalkMe checks it on the first update (a wrong one is answered 401).',
	};
}
