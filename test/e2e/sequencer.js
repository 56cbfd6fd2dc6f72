const Sequencer = require('@jest/test-sequencer').default;

/**
 * The e2e files run two at a time. The longest start first: the two that mostly wait for n8n's
 * once-a-minute polls, one per worker, then the longest of the rest, so that the short files fill
 * in beside them at the end. The others keep Jest's order.
 */
const LONGEST_FIRST = [
	'activity.backoff.e2e.test.ts',
	'activity.durable.e2e.test.ts',
	'n8n.e2e.test.ts',
	'trigger.e2e.test.ts',
	'setup.e2e.test.ts',
];
const rank = (test) => {
	const index = LONGEST_FIRST.findIndex((name) => test.path.endsWith(`/${name}`));
	return index === -1 ? LONGEST_FIRST.length : index;
};

class LongestFirst extends Sequencer {
	sort(tests) {
		return [...super.sort(tests)].sort((first, second) => rank(first) - rank(second));
	}
}

module.exports = LongestFirst;
