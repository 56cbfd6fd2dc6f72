// The size rule of CONTRIBUTING.md, checked: no function of the product code (nodes/, credentials/)
// over 60 lines, no line over 140 characters. Read with the TypeScript compiler's own parser.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import ts from 'typescript';

const MAX_FUNCTION_LINES = 60;
const MAX_LINE_CHARACTERS = 140;

const files = execFileSync('git', ['ls-files', 'nodes', 'credentials'], { encoding: 'utf8' })
	.split('\n')
	.filter((file) => file.endsWith('.ts'));
const problems = [];
for (const file of files) {
	const text = readFileSync(file, 'utf8');
	text.split('\n').forEach((line, index) => {
		if (line.length > MAX_LINE_CHARACTERS)
			problems.push(`${file}:${index + 1}: a line of ${line.length} characters`);
	});
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const visit = (node) => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
			const end = source.getLineAndCharacterOfPosition(node.end).line;
			const lines = end - start + 1;
			if (lines > MAX_FUNCTION_LINES) {
				const name =
					node.name?.getText(source) ?? node.parent?.name?.getText?.(source) ?? '(anonymous)';
				problems.push(`${file}:${start + 1}: function ${name} has ${lines} lines`);
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
}
if (problems.length > 0) {
	console.error(problems.join('\n'));
	console.error(
		`${problems.length} place(s) over the size rule (functions ≤ ${MAX_FUNCTION_LINES} lines, lines ≤ ${MAX_LINE_CHARACTERS} characters)`,
	);
	process.exit(1);
}
console.log(
	`Sizes: every function ≤ ${MAX_FUNCTION_LINES} lines, every line ≤ ${MAX_LINE_CHARACTERS} characters (${files.length} files)`,
);
