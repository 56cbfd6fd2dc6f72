import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export type OperationExecute = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

/** resource → operation → module exporting `execute`, as in n8n's own v2 nodes. */
export type ResourceMap = Record<string, Record<string, unknown>>;

/** Sends the node's input to the chosen operation's execute; every operation sees all items. */
export async function routeToOperation(this: IExecuteFunctions, resources: ResourceMap): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = Object.hasOwn(resources, resource) && Object.hasOwn(resources[resource], operation) ? resources[resource][operation] : undefined;
	const execute = (module as { execute?: OperationExecute } | undefined)?.execute;
	if (typeof execute !== 'function') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await execute.call(this, this.getInputData())];
}
