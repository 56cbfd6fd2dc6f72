/**
 * A loopback stand-in for OpenDialog's Webchat Deep Link API (`POST /public/api/generate-webchat-deep-link`),
 * as strict as OpenDialog's document and its published error bodies: Bearer token, a configurable
 * maximum of users per request, scenarios that exist or not, full-page webchat on or off, attribute
 * types (scalars and arrays of scalars only). It records every user context it creates.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import type { Incoming, Reply } from './loopback';
import { LoopbackApi, bearerToken } from './loopback';

export const DEEP_LINK_PATH = '/public/api/generate-webchat-deep-link';
export const DEFAULT_OPENDIALOG_TOKEN = 'emulator-opendialog-token';

export interface UserContext {
	userId: string;
	scenarioId: string;
	attributes: Record<string, unknown>;
	url: string;
}

export interface OpenDialogEmulatorOptions {
	port?: number;
	apiToken?: string;
	/** The workspace's maximum users per request (OpenDialog's documented example: 100). */
	maxUsers?: number;
	scenarios?: string[];
}

export class OpenDialogEmulator extends LoopbackApi<'deepLink'> {
	readonly apiToken: string;
	maxUsers: number;
	fullPageEnabled = true;
	readonly scenarios: Set<string>;
	/** Every user context created, in order. */
	readonly contexts: UserContext[] = [];
	private readonly links = new Map<string, UserContext>();

	constructor(options: OpenDialogEmulatorOptions = {}) {
		super(options.port ?? 0);
		this.apiToken = options.apiToken ?? DEFAULT_OPENDIALOG_TOKEN;
		this.maxUsers = options.maxUsers ?? 100;
		this.scenarios = new Set(options.scenarios ?? ['customer_support', 'onboarding']);
	}

	reset(): void {
		this.clearLog();
		this.clearFaults();
		this.contexts.length = 0;
		this.links.clear();
		this.maxUsers = 100;
		this.fullPageEnabled = true;
		this.setLatency(0);
	}

	/** The data of an OpenDialog credential that points at this emulator. */
	credentialData(): { baseUrl: string; apiToken: string } {
		return { baseUrl: this.baseUrl, apiToken: this.apiToken };
	}

	protected classify(path: string): 'deepLink' | 'unknown' {
		return path === DEEP_LINK_PATH ? 'deepLink' : 'unknown';
	}

	protected countUsers(body: unknown): number | undefined {
		const dataset = (body as { dataset?: unknown } | undefined)?.dataset;
		return Array.isArray(dataset) ? dataset.length : undefined;
	}

	protected route({ req, entry, body }: Incoming<'deepLink'>, reply: Reply): void {
		if (bearerToken(req) !== this.apiToken) return reply(401, { message: 'Unauthenticated.' });
		if (entry.method !== 'POST')
			return reply(405, { message: `The ${entry.method} method is not supported for this route.` });
		if (!this.fullPageEnabled)
			return reply(404, { message: 'Fullpage webchat routes are not enabled.' });
		const errors = this.validate(body);
		if (Object.keys(errors).length > 0)
			return reply(422, { message: 'The given data was invalid.', errors });
		const { scenario_id: scenarioId, dataset } = body as {
			scenario_id: string;
			dataset: Array<{ user_id?: string; attributes: Record<string, unknown> }>;
		};
		if (!this.scenarios.has(scenarioId)) {
			return reply(422, {
				message: 'The given data was invalid.',
				errors: { scenario_id: ['The selected scenario does not exist.'] },
			});
		}
		const answer = dataset.map((row) => {
			const context: UserContext = {
				userId: row.user_id ?? randomUUID(),
				scenarioId,
				attributes: row.attributes,
				url: `${this.baseUrl}/s/${randomBytes(6).toString('base64url')}`,
			};
			this.contexts.push(context);
			this.links.set(context.url, context);
			return { user_id: context.userId, url: context.url };
		});
		reply(200, answer);
	}

	/** Laravel-style field errors, as OpenDialog answers them. */
	private validate(body: unknown): Record<string, string[]> {
		const errors: Record<string, string[]> = {};
		const add = (field: string, message: string) => (errors[field] ??= []).push(message);
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			add('scenario_id', 'The scenario id field is required.');
			add('dataset', 'The dataset field is required.');
			return errors;
		}
		const { scenario_id: scenarioId, dataset } = body as {
			scenario_id?: unknown;
			dataset?: unknown;
		};
		if (typeof scenarioId !== 'string' || scenarioId.trim() === '')
			add('scenario_id', 'The scenario id field is required.');
		if (!Array.isArray(dataset) || dataset.length === 0) {
			add('dataset', 'The dataset field is required.');
			return errors;
		}
		if (dataset.length > this.maxUsers) {
			add('dataset', `Maximum number of users is ${this.maxUsers}`);
			return errors;
		}
		dataset.forEach((row: unknown, index) => {
			if (!row || typeof row !== 'object' || Array.isArray(row)) {
				add(`dataset.${index}`, 'Each dataset entry must be an object.');
				return;
			}
			const { user_id: userId, attributes } = row as { user_id?: unknown; attributes?: unknown };
			if (userId !== undefined && (typeof userId !== 'string' || userId === ''))
				add(`dataset.${index}.user_id`, 'The user id must be a string.');
			if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) {
				add(`dataset.${index}.attributes`, 'The attributes field is required.');
				return;
			}
			for (const [name, value] of Object.entries(attributes)) {
				const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number';
				if (!(scalar(value) || (Array.isArray(value) && value.every(scalar)))) {
					add(
						`dataset.${index}.attributes.${name}`,
						'Composite collection attributes are not supported.',
					);
				}
			}
		});
		return errors;
	}
}
