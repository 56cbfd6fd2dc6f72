import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

/** Where an API call can be made from: a node run, or a list search in the editor. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * Resolves a value (e.g. a base URL from the credential) once per execution context: n8n's
 * authenticated request already reads the credential on every call, and reading it again per call
 * would double that work.
 */
export function oncePerContext<T>(resolve: (context: ApiContext, itemIndex: number) => Promise<T>) {
	const known = new WeakMap<ApiContext, T>();
	return async (context: ApiContext, itemIndex = 0): Promise<T> => {
		if (known.has(context)) return known.get(context) as T;
		const value = await resolve(context, itemIndex);
		known.set(context, value);
		return value;
	};
}
