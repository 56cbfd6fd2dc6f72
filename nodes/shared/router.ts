import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { fitHeadline, settingError } from './errors';

export type OperationExecute = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
) => Promise<INodeExecutionData[]>;

/** One `<operation>.operation.ts`: its parameters and its execute, together. */
export interface OperationModule {
	description: INodeProperties[];
	execute: OperationExecute;
}

/** A resource's operations, keyed by the `operation` parameter's values. */
export type Operations<Name extends string> = Readonly<Record<Name, OperationModule>>;

/** resource → its operations, as in n8n's own v2 nodes. */
export type ResourceMap = Readonly<Record<string, Operations<string>>>;

/** The parameters of every operation of a resource, in the order the operations are listed. */
export function operationProperties(operations: Operations<string>): INodeProperties[] {
	return Object.values(operations).flatMap((operation) => operation.description);
}

/** Sends the node's input to the chosen operation's execute; every operation sees all items. */
export async function routeToOperation(
	this: IExecuteFunctions,
	resources: ResourceMap,
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const operations = Object.hasOwn(resources, resource) ? resources[resource] : undefined;
	const chosen =
		operations && Object.hasOwn(operations, operation) ? operations[operation] : undefined;
	if (!chosen) {
		throw settingError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
			'configuration-invalid',
		);
	}
	try {
		return [await chosen.execute.call(this, this.getInputData())];
	} catch (error) {
		throw error instanceof NodeOperationError || error instanceof NodeApiError
			? fitHeadline(error)
			: error;
	}
}
