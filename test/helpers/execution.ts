import type { Execution } from '../../dev/host';

/** Fails the test with n8n's own output when an `n8n execute` run did not succeed. */
export function expectSuccess(execution: Execution): void {
	if (execution.code !== 0 || !execution.resultData || execution.resultData.error) {
		throw new Error(
			`n8n execution failed (exit ${execution.code}):\n${execution.stdout.slice(-3000)}\n${execution.stderr.slice(-3000)}`,
		);
	}
}
