import type { ErrorInfo } from '../../core/errors';
import type { BlobStore } from '../../core/ports';
import type { StoredAggregates } from '../../orchestration/activities/aggregateExperiment';
import type { RunOutcome } from '../../orchestration/contracts';
import { getJson } from '../../orchestration/jsonBlobs';
import { paths } from '../../orchestration/storagePaths';
import { EXIT, isBadInput } from '../io';

/** The exit code of a finished run (README): 0 all rows ok, 2 bad input found while running, else 1. */
export function exitCodeOf(outcome: RunOutcome): number {
  if (outcome.status === 'completed') return EXIT.ok;
  if (outcome.status === 'failed' && outcome.error && isBadInput(outcome.error)) return EXIT.badInput;
  return EXIT.failures;
}

/** `error: [CODE] message`: what a failed run says, never the orchestration's internal state. */
export function describeRunError(error: ErrorInfo | undefined): string {
  if (!error) return 'error: the run failed without an error description\n';
  return `error: [${error.code}] ${error.message}\n`;
}

/**
 * One line per experiment with failed rows: how many, and the first failure's code, row
 * and message (from the stored aggregates, which keep the first few failures).
 */
export async function describeRowFailures(blobs: BlobStore, outcome: RunOutcome): Promise<string> {
  const lines: string[] = [];
  for (const experiment of outcome.experiments) {
    if (experiment.failed === 0) continue;
    const stored = await getJson<StoredAggregates>(blobs, paths.aggregates(outcome.runId, experiment.experiment));
    const first = stored?.failure_examples[0];
    const example = first ? `; first: row ${first.id} (index ${first.index}) [${first.error_code}] ${first.error}` : '';
    lines.push(`${experiment.experiment}: ${experiment.failed} of ${experiment.rows} row(s) failed${example}\n`);
  }
  return lines.join('');
}
