/**
 * Runs real workflows through n8n's execution engine (WorkflowExecute from n8n-core), the way n8n's
 * own node tests do. Only the host around the engine is provided here: node types, and a
 * credentials store that behaves like n8n's (preAuthentication fills the expirable field and the
 * result is saved with the credential, so it is reused by later items and later executions).
 */
import { ExecutionLifecycleHooks, PollContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	ITaskData,
	IConnections,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { credentialTypes, nodeTypeClasses } from './registry';
import { HEADLINE_MAX } from '../nodes/shared/errors';

export const PACKAGE = 'n8n-nodes-walkme';

class StoredCredentials extends ICredentialsHelper {
	readonly store = new Map<string, ICredentialDataDecryptedObject>();

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = credentialType(typeName);
		const authenticate = type.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		const resolve = (value: string) =>
			value.startsWith('=')
				? value
						.slice(1)
						.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key: string) =>
							String(credentials[key] ?? ''),
						)
				: value;
		const headers = { ...(requestOptions.headers ?? {}) } as IDataObject;
		for (const [key, value] of Object.entries(authenticate.properties.headers ?? {}))
			headers[resolve(key)] = resolve(String(value));
		return { ...requestOptions, headers };
	}

	/**
	 * How long each read and write of the store takes; they take turns, as on one database
	 * connection. n8n reads the credential from its database for every request and saves a fresh
	 * token after the request that fetched it, so one call may read while another saves.
	 */
	databaseLatencyMs = 0;

	private databaseTurn: Promise<void> = Promise.resolve();

	private async database(): Promise<void> {
		if (this.databaseLatencyMs <= 0) return;
		const latency = this.databaseLatencyMs;
		const turn = this.databaseTurn.then(
			async () => await new Promise<void>((resolve) => setTimeout(resolve, latency)),
		);
		this.databaseTurn = turn;
		await turn;
	}

	// Mirrors n8n's CredentialsHelper.preAuthentication: run the credential's preAuthentication when
	// the expirable field is empty or the token was refused, and save what it returns (n8n reads the
	// stored credential, then writes it back with the new token).
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialType(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (
			credentials[expirable.name] !== '' &&
			credentials[expirable.name] !== undefined &&
			!credentialsExpired
		)
			return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		if (details?.id) {
			const stored = await this.getDecrypted({} as IWorkflowExecuteAdditionalData, details);
			await this.updateCredentials(details, typeName, {
				...stored,
				...output,
			} as ICredentialDataDecryptedObject);
		}
		return { ...credentials, ...output } as ICredentialDataDecryptedObject;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		details: INodeCredentialsDetails,
	) {
		await this.database();
		const data = this.store.get(details.id ?? '');
		if (!data) throw new Error(`No credential with id ${details.id}`);
		return { ...data };
	}

	async updateCredentials(
		details: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	) {
		await this.database();
		this.store.set(details.id ?? '', { ...data });
	}

	// As n8n does: the OAuth2 token (for n8n's generic OAuth2 credential) is saved with the credential.
	async updateCredentialsOauthTokenData(
		details: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.store.set(details.id ?? '', { ...data });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialType(type).properties;
	}
}

/** Node and credential types from outside this package (n8n's own, for comparisons). */
const extraNodeTypes = new Map<string, INodeType | IVersionedNodeType>();
const extraCredentialTypes = new Map<string, ICredentialType>();

export function registerNodeType(type: string, nodeType: INodeType | IVersionedNodeType): void {
	extraNodeTypes.set(type, nodeType);
}

export function registerCredentialType(type: ICredentialType): void {
	extraCredentialTypes.set(type.name, type);
}

function credentialType(name: string): ICredentialType {
	const type = credentialTypes[name] ?? extraCredentialTypes.get(name);
	if (!type) throw new Error(`Unknown credential type ${name}`);
	return type;
}

export const credentials = new StoredCredentials();

/** Saves a credential under an id, as n8n would; returns the details a node references it by. */
export function saveCredential(id: string, type: string, data: ICredentialDataDecryptedObject) {
	credentials.store.set(id, { ...data });
	return { [type]: { id, name: `${type} ${id}` } };
}

const SOURCE_TYPE = 'test.items';

class NodeTypes implements INodeTypes {
	constructor(private readonly sourceItems: INodeExecutionData[]) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(type);
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		const extra = extraNodeTypes.get(type);
		if (extra) {
			if (!('nodeVersions' in extra)) return extra;
			return (
				extra.nodeVersions[version ?? extra.currentVersion] ??
				extra.nodeVersions[extra.currentVersion]
			);
		}
		if (type === SOURCE_TYPE) {
			const items = this.sourceItems;
			return {
				description: {
					displayName: 'Items',
					name: 'items',
					group: ['input'],
					version: 1,
					description: 'Emits the test items',
					defaults: { name: 'Items' },
					inputs: [],
					outputs: [NodeConnectionTypes.Main],
					properties: [],
				},
				async execute() {
					return [items];
				},
			};
		}
		const name = type.startsWith(`${PACKAGE}.`) ? type.slice(PACKAGE.length + 1) : type;
		const NodeClass = nodeTypeClasses[name];
		if (!NodeClass) throw new Error(`Unknown node type ${type}`);
		return new NodeClass();
	}

	getKnownTypes() {
		return {};
	}
}

export interface RunOptions {
	/** Items the workflow starts with (one run of a source node emits them). */
	items?: IDataObject[] | INodeExecutionData[];
	/** Parameters of the node under test. */
	parameters: IDataObject;
	/** One of this package's node names, or a full type name registered with registerNodeType. */
	nodeType: string;
	typeVersion?: number;
	credentials?: Record<string, { id: string; name: string }>;
	continueOnFail?: boolean;
	/** The workflow's time zone (Settings → Timezone); n8n's default otherwise. */
	timezone?: string;
	/**
	 * The workflow's static data, as n8n keeps it between executions of an active workflow: pass
	 * the same object to several runs and they share it.
	 */
	staticData?: IDataObject;
	/** The workflow's ID ("test-workflow" unless given). */
	workflowId?: string;
}

export interface RunResult {
	run: IRun;
	/** The node's output items on its first output, or [] when it failed. */
	output: INodeExecutionData[];
	/** The node's error, when it failed. */
	error?: ITaskData['error'];
}

/** Builds "Items → node under test" and runs it through WorkflowExecute. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const items = (options.items ?? [{}]).map((item) =>
		'json' in item && typeof item.json === 'object'
			? (item as INodeExecutionData)
			: { json: item as IDataObject },
	);
	const source: INode = {
		id: 'source',
		name: 'Items',
		type: SOURCE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const node: INode = {
		id: 'under-test',
		name: 'Node',
		type: options.nodeType.includes('.') ? options.nodeType : `${PACKAGE}.${options.nodeType}`,
		typeVersion: options.typeVersion ?? 1,
		position: [200, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: options.credentials,
		onError: options.continueOnFail ? 'continueRegularOutput' : undefined,
	};
	const connections: IConnections = {
		Items: { main: [[{ node: 'Node', type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const workflow = new Workflow({
		id: options.workflowId ?? 'test-workflow',
		nodes: [source, node],
		connections,
		active: false,
		nodeTypes: new NodeTypes(items),
		settings: { executionOrder: 'v1', ...(options.timezone ? { timezone: options.timezone } : {}) },
		staticData: options.staticData,
	});
	const additionalData = additionalDataFor(workflow);

	const run = await new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: source,
	});
	const task = run.data.resultData.runData.Node?.[0];
	const result = {
		run,
		output: task?.data?.main?.[0] ?? [],
		error: task?.error ?? run.data.resultData.error,
	};
	checkHeadlines(result);
	return result;
}

/** What n8n hands its engine for one execution: this harness's credentials, loopback URLs. */
function additionalDataFor(workflow: Workflow): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: credentials,
		hooks: new ExecutionLifecycleHooks('manual', 'test-execution', workflow as never),
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		variables: {},
		userId: 'test-user',
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface PollOptions {
	nodeType: string;
	typeVersion?: number;
	parameters: IDataObject;
	credentials?: Record<string, { id: string; name: string }>;
	/** The node's static data (its cursor), shared by the polls it is passed to. */
	staticData: IDataObject;
	/** What n8n's getPollBudgetMs answers; undefined: the context has no getPollBudgetMs (n8n 1.x). */
	budgetMs?: number;
	mode?: 'trigger' | 'manual';
}

export interface PollResult {
	/** The items the poll emitted, or [] for none. */
	output: INodeExecutionData[];
	error?: Error;
}

/**
 * One poll of a polling trigger in n8n's own PollContext, as n8n's scheduler runs it: the node's
 * static data is the cursor that n8n would commit, and the budget is what n8n offers.
 */
export async function runPoll(options: PollOptions): Promise<PollResult> {
	const node: INode = {
		id: 'trigger',
		name: 'Trigger',
		type: `${PACKAGE}.${options.nodeType}`,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: options.credentials,
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new NodeTypes([]),
		settings: { executionOrder: 'v1' },
	});
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(
		workflow,
		node,
		additionalDataFor(workflow),
		mode,
		mode === 'manual' ? 'manual' : 'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		() => options.staticData,
		options.budgetMs === undefined ? undefined : () => options.budgetMs as number,
	);
	if (options.budgetMs === undefined)
		Object.defineProperty(context, 'getPollBudgetMs', { value: undefined });
	const nodeType = new NodeTypes([]).getByNameAndVersion(node.type, node.typeVersion);
	try {
		const emitted = await nodeType.poll?.call(context);
		const result = { output: emitted?.[0] ?? [] };
		checkHeadlines(result);
		return result;
	} catch (error) {
		checkHeadlines({ output: [], error: error as ITaskData['error'] });
		return { output: [], error: error as Error };
	}
}

/**
 * Every run through this harness checks the headlines of the errors it produced, thrown or in
 * continue-on-fail items, so each failure path a test walks is also a headline-length test.
 */
function checkHeadlines({ output, error }: Pick<RunResult, 'output' | 'error'>): void {
	const headlines = output
		.map((item) => item.json.error)
		.filter((headline): headline is string => typeof headline === 'string');
	if (error) headlines.push(error.message);
	const long = headlines.find((headline) => headline.length > HEADLINE_MAX);
	if (long !== undefined) {
		throw new Error(
			`An error headline has ${long.length} characters (at most ${HEADLINE_MAX}): "${long}"`,
		);
	}
}
