const path = require('path');
const { src, dest, task } = require('gulp');

// tsc compiles only .ts; n8n also needs each node's icons and codex file next to the compiled node.
function copyAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], { base: '.' }).pipe(
		dest(path.resolve('dist')),
	);
}

task('build:assets', copyAssets);
