import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';

import { secretMatches } from './events';
import type { Refusal } from './refusal';

const SECRET_CREDENTIAL = 'walkMeWebhookApi';

/** The URL parameter that carries the secret (the option Secret Query Parameter). */
export function secretQueryParameter(options: IDataObject): string {
	return String(options.authQueryParameter ?? 'secret') || 'secret';
}

/** The parts of the request that may carry the secret: the named query parameter, else the named header. */
function givenSecret(this: IWebhookFunctions, options: IDataObject): string | undefined {
	const fromQuery = (this.getQueryData() as IDataObject)[secretQueryParameter(options)];
	if (typeof fromQuery === 'string') return fromQuery;
	const fromHeader =
		this.getHeaderData()[String(options.authHeader ?? 'x-walkme-secret').toLowerCase()];
	return typeof fromHeader === 'string' ? fromHeader : undefined;
}

/**
 * Checks the caller's secret before anything else is read. Without a secret credential on the node,
 * the URL alone is the secret. With one, the call is let in only when the credential can be read, its
 * secret is not empty, and the caller's secret matches it: a check that cannot be made refuses the
 * call, and says why in n8n's log (never in the answer, which any caller can read).
 */
export async function verifySecret(
	this: IWebhookFunctions,
	options: IDataObject,
): Promise<Refusal | undefined> {
	const chosen = this.getNode().credentials?.[SECRET_CREDENTIAL];
	if (!chosen) return undefined;

	let secret: string;
	try {
		const credential = await this.getCredentials(SECRET_CREDENTIAL);
		secret = typeof credential.secret === 'string' ? credential.secret : '';
	} catch (error) {
		return cannotCheck(this, chosen.name, `n8n cannot read it (${(error as Error).message})`);
	}
	if (secret === '') return cannotCheck(this, chosen.name, 'its Secret is empty');

	if (!secretMatches(secret, givenSecret.call(this, options))) {
		return { status: 401, message: 'Unauthorized: this WalkMe webhook needs its secret' };
	}
	return undefined;
}

function cannotCheck(
	context: IWebhookFunctions,
	credentialName: string | undefined,
	why: string,
): Refusal {
	const node = context.getNode();
	context.logger.error(
		`WalkMe Trigger "${node.name}" (workflow ${context.getWorkflow().id ?? 'unsaved'}) refused a call: ` +
			`its secret credential "${credentialName ?? 'unnamed'}" cannot be checked because ${why}. ` +
			'Choose a working WalkMe Webhook Secret credential, or none to rely on the URL alone.',
	);
	return {
		status: 500,
		message:
			'This WalkMe webhook is set up with a secret that n8n cannot check, so it accepts no call. Nothing was started; the n8n log says why.',
	};
}

const MIN_SECRET_LENGTH = 16;

/** The credential's Test: a secret that can be pasted into Insights' URL as it is, and is long enough. */
export async function walkMeWebhookSecretTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = String(credential.data?.secret ?? '');
	if (secret.trim() !== secret || secret.length < MIN_SECRET_LENGTH) {
		return {
			status: 'Error',
			message: `Use a secret of at least ${MIN_SECRET_LENGTH} characters, without spaces at either end`,
		};
	}
	if (!/^[A-Za-z0-9._~-]+$/.test(secret)) {
		return {
			status: 'Error',
			message: 'Use letters, digits and - . _ ~ only, so the secret can go in a URL as it is',
		};
	}
	return {
		status: 'OK',
		message: 'The secret can be used in the URL you paste into WalkMe Insights',
	};
}
