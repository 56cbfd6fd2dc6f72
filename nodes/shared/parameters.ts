import type { IExecuteFunctions } from 'n8n-workflow';

/** A parameter as trimmed text; '' when it is empty or unset. Numbers from expressions become text. */
export function readTrimmedString(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	return value === undefined || value === null ? '' : String(value).trim();
}
