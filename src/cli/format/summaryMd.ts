/**
 * A short Markdown summary of a `verify` run for a CI job page (GitHub's `$GITHUB_STEP_SUMMARY`): the verdict line,
 * counts, and one table row per real problem with its citation, coverage and replay command. Passing claims and
 * refuted controls are counted, not listed, so the summary stays short for a green run.
 */
import { classesCovered } from './coverage.ts';
import { shownMargin } from './verifyTerminal.ts';
import { OUTCOME_LABEL, type ClaimResult } from './result.ts';
import { formatNumber } from './table.ts';

/** Escapes a Markdown table cell. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The Markdown summary.
 *
 * @param results - per-claim results
 * @param meta - seed, seconds, exit code
 * @returns Markdown text ending with a newline
 */
export function verifySummaryMarkdown(
  results: readonly ClaimResult[],
  meta: { readonly seed: number; readonly seconds: number; readonly exitCode: number },
): string {
  const count = (o: ClaimResult['outcome']): number => results.filter((r) => r.outcome === o).length;
  const claims = results.filter((r) => r.record.kind === 'claim').length;
  const controls = results.length - claims;
  const icon = meta.exitCode === 0 ? '✅' : meta.exitCode === 2 ? '⚠️' : '❌';
  const lines = [
    `### ${icon} ufmcheck verify: ${count('pass')}/${claims} claims passed, ${count('refuted')}/${controls} controls refuted`,
    '',
    `seed ${meta.seed} · ${meta.seconds.toFixed(1)} s · exit ${meta.exitCode}` +
      ` · ${count('fail')} failed · ${count('inconclusive')} inconclusive · ${count('not-refuted')} controls not refuted · ${count('error')} threw`,
    '',
  ];
  const problems = results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'refuted');
  if (problems.length > 0) {
    lines.push('| claim | result | margin | classes | cite | replay |', '|---|---|---:|---:|---|---|');
    for (const r of problems) {
      const replay = r.fixture?.fixture.replay ?? r.rerun;
      lines.push(
        `| \`${r.record.id}\` | ${OUTCOME_LABEL[r.outcome]} | ${formatNumber(shownMargin(r))} | ${classesCovered(r.record)} | ${cell(r.record.cite)} | \`${cell(replay)}\` |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
