/**
 * The package reads text parameters through parameterValue, which answers some of them without
 * n8n's expression engine. This test holds it to n8n: a probe node, run through n8n's engine, reads
 * the same parameter for each item through parameterValue and through n8n's own getNodeParameter,
 * and every outcome (the value, or the error's message) must be the same.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { parameterValue } from '../../../nodes/shared/parameters';
import { registerNodeType, runNode } from '../../../dev/workflow';

type Outcome = { value: unknown } | { error: string };

function outcome(read: () => unknown): Outcome {
	try {
		return { value: read() };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

class ParameterProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Parameter Probe',
		name: 'parameterProbe',
		group: ['transform'],
		version: 1,
		description: 'Reads one parameter two ways',
		defaults: { name: 'Parameter Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((_, itemIndex) => ({
				json: {
					package: outcome(() => parameterValue(this, 'value', itemIndex, '')),
					n8n: outcome(() => this.getNodeParameter('value', itemIndex, '')),
				} as unknown as IDataObject,
				pairedItem: { item: itemIndex },
			})),
		];
	}
}

registerNodeType('test.parameterProbe', new ParameterProbe());

/** Items whose fields are named and shaped to trip a second expression engine. */
const ITEMS: IDataObject[] = [
	{ s: 'hello', n: 5, b: true, list: [1, 2, 3], a: { b: 'nested' } },
	{ s: '', n: 0, b: false, list: [], a: { b: '' } },
	{ s: 'x', n: -1.5, a: null },
	{ s: 'ünïcödé 😀', a: {} },
	JSON.parse(
		'{"toString": "own toString", "valueOf": "own valueOf", "hasOwnProperty": ' +
			'"own", "constructor": "own constructor", "__proto__": "own proto"}',
	) as IDataObject,
	{
		toString: 7,
		valueOf: 8,
		isPrototypeOf: 'i',
		propertyIsEnumerable: 'p',
		toLocaleString: 't',
		prototype: 'p',
	},
	{ $k: 'dollar', _k: 'underscore', $: 'bare', __k: 'double' },
	{ nested: { deeper: { deepest: 'bottom', length: 4 } } },
	{ obj: { length: 3, size: 'L' } },
	{ big: 1e21, tiny: 1e-7, nan: Number.NaN, inf: Number.POSITIVE_INFINITY },
	{ d: new Date('2026-11-24T10:00:00Z') as unknown as IDataObject },
	{ u: undefined, z: null },
	{ s: '=not an expression', t: '{{ $json.s }}' },
	{ arr: [{ a: 1 }, 'two'], mixed: [null, 1] },
	{ a: { b: { c: 'three deep' } } },
	{},
];

const EXPRESSIONS = [
	'plain text',
	'',
	'   spaced   ',
	'{{ $json.s }}',
	'=literal',
	'=',
	'={{ $json.s }}',
	'={{$json.s}}',
	'={{\n\t$json.s\n}}',
	'={{ $json.s }} ',
	'=prefix {{ $json.s }}',
	'={{ $json["s"] }}',
	'={{ ($json.s) }}',
	'={{ $json.s.length }}',
	'={{ $json.list.length }}',
	'={{ $json.obj.length }}',
	'={{ $json.nested.deeper.length }}',
	'={{ $json.nested.deeper.deepest }}',
	'={{ $json.nested.deeper.deepest.length }}',
	'={{ $json.toString }}',
	'={{ $json.valueOf }}',
	'={{ $json.hasOwnProperty }}',
	'={{ $json.constructor }}',
	'={{ $json.__proto__ }}',
	'={{ $json.prototype }}',
	'={{ $json.isPrototypeOf }}',
	'={{ $json.propertyIsEnumerable }}',
	'={{ $json.toLocaleString }}',
	'={{ $json.__defineGetter__ }}',
	'={{ $json.a.constructor }}',
	'={{ $json.a.__proto__ }}',
	'={{ $json.s.constructor }}',
	'={{ $json.a.b }}',
	'={{ $json.a.b.c }}',
	'={{ $json.missing }}',
	'={{ $json.missing.deeper }}',
	'={{ $json.n }}',
	'={{ $json.b }}',
	'={{ $json.list }}',
	'={{ $json.a }}',
	'={{ $json.$k }}',
	'={{ $json._k }}',
	'={{ $json.$ }}',
	'={{ $json.__k }}',
	'={{ $json.big }}',
	'={{ $json.tiny }}',
	'={{ $json.nan }}',
	'={{ $json.inf }}',
	'={{ $json.d }}',
	'={{ $json.u }}',
	'={{ $json.z }}',
	'={{ $json.t }}',
	'={{ $json.arr }}',
	'={{ $json.obj.size }}',
];

describe('parameterValue reads every parameter exactly as getNodeParameter does', () => {
	it(`covers ${EXPRESSIONS.length} expressions over ${ITEMS.length} items`, () => {
		expect(EXPRESSIONS.length).toBeGreaterThanOrEqual(40);
	});

	it.each(EXPRESSIONS.map((expression) => [JSON.stringify(expression), expression]))(
		'%s',
		async (_label, expression) => {
			const { output, error } = await runNode({
				nodeType: 'test.parameterProbe',
				parameters: { value: expression },
				items: ITEMS,
			});
			expect(error).toBeUndefined();
			expect(output).toHaveLength(ITEMS.length);
			const differences = output.flatMap((item, index) => {
				const { package: ours, n8n } = item.json as unknown as { package: Outcome; n8n: Outcome };
				return sameOutcome(ours, n8n) ? [] : [{ item: index, package: ours, n8n }];
			});
			expect(differences).toEqual([]);
		},
	);
});

/** Jest's equality, which tells NaN from null and a Date from its text. */
function sameOutcome(a: unknown, b: unknown): boolean {
	try {
		expect(a).toEqual(b);
		return true;
	} catch {
		return false;
	}
}
