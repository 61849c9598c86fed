/**
 * GitHub Actions integration of `verify` (issue 10 item 5): when `GITHUB_ACTIONS=true`, each real problem becomes an
 * `::error::` workflow command (shown as an annotation on the run) and the Markdown summary is appended to the file
 * named by `$GITHUB_STEP_SUMMARY`. Workflow-command escaping follows the runner's rules (`%`, CR, LF in the message;
 * also `:` and `,` in properties).
 */
import { appendFileSync } from 'node:fs';
import { coverageLine } from './coverage.ts';
import { OUTCOME_LABEL, type ClaimResult } from './result.ts';

/** True on GitHub Actions. */
export function onGithubActions(env: Readonly<Record<string, string | undefined>>): boolean {
  return env['GITHUB_ACTIONS'] === 'true';
}

/** Escapes the message of a workflow command. */
export function escapeWorkflowData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command. */
export function escapeProperty(s: string): string {
  return escapeWorkflowData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** What went wrong, in one sentence. */
function problemText(r: ClaimResult): string {
  const rec = r.record;
  switch (r.outcome) {
    case 'fail':
      return `claim failed: ${rec.counterexample?.verdict.why ?? ''}`;
    case 'error':
      return `check threw: ${rec.counterexample?.error ?? ''}`;
    case 'not-refuted':
      return `negative control not refuted in ${rec.runs} runs`;
    case 'inconclusive':
      return `${rec.inconclusive} of ${rec.runs} runs inconclusive`;
    default:
      return '';
  }
}

/**
 * One `::error` line per real problem (failed claim, check that threw, control not refuted, inconclusive overrun),
 * with the citation, coverage and replay/re-run commands in the message.
 *
 * @returns the lines, each ending with '\n' ('' when there is no problem)
 */
export function githubAnnotations(results: readonly ClaimResult[]): string {
  return results
    .filter((r) => r.outcome !== 'pass' && r.outcome !== 'refuted')
    .map((r) => {
      const msg = [
        `${OUTCOME_LABEL[r.outcome]} ${r.record.id}: ${problemText(r)}`,
        `cite: ${r.record.cite}`,
        `coverage: ${coverageLine(r.record)}`,
        ...(r.fixture !== undefined ? [`replay: ${r.fixture.fixture.replay}`] : []),
        `re-run: ${r.rerun}`,
      ].join('\n');
      return `::error title=${escapeProperty(`ufmcheck ${r.record.id}`)}::${escapeWorkflowData(msg)}\n`;
    })
    .join('');
}

/**
 * Appends the Markdown summary to `$GITHUB_STEP_SUMMARY` when it is set.
 *
 * @returns the file written, or undefined
 */
export function writeStepSummary(
  env: Readonly<Record<string, string | undefined>>,
  markdown: string,
): string | undefined {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (file === undefined || file === '') return undefined;
  appendFileSync(file, markdown);
  return file;
}
