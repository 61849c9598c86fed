/**
 * The human report of `ufmcheck verify`: a header with the seed, the table (claim id, citation, kind, runs,
 * passed, failed, inconclusive, worst margin, time, result), then one block per counterexample (failed claim or
 * refuted control) with the instance, measured vs predicted, the fixture and the exact replay and re-run commands,
 * one line per other problem, and a summary.
 */
import { stringifyJson, type Claim } from '../../claim/index.ts';
import type { ControlsSummary, Spread } from './controls.ts';
import { OUTCOME_LABEL, type ClaimResult } from './result.ts';
import { formatInstance, formatNumber, formatSeconds, renderTable } from './table.ts';

/** The results table. */
export function resultsTable(results: readonly ClaimResult[]): string {
  return renderTable(
    ['claim', 'cite', 'kind', 'classes', 'runs', 'passed', 'failed', 'inconcl.', 'worst margin', 'time', 'result'],
    results.map(({ record: r, outcome }) => [
      r.id,
      r.cite,
      r.kind,
      classesCell(r),
      String(r.runs),
      String(r.passed),
      String(r.failed),
      String(r.inconclusive),
      formatNumber(r.worstMargin),
      formatSeconds(r.seconds),
      OUTCOME_LABEL[outcome],
    ]),
    ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
}

/** `covered/total` coverage classes (a class is covered with ≥ minPerClass certified runs), '-' without classes. */
export function classesCell(r: Pick<ClaimResult['record'], 'coverage' | 'minPerClass'>): string {
  if (r.coverage === undefined) return '-';
  const m = r.minPerClass ?? 0;
  return `${r.coverage.filter((c) => c.passed + c.failed >= m).length}/${r.coverage.length}`;
}

/**
 * The block for one result that needs words: a counterexample (failure or refutation), an unrefuted control, an
 * inconclusive overrun. Empty for a plain pass. `brief` (--quiet) keeps refutations to their replay line.
 */
export function resultBlock(r: ClaimResult, maxInconclusive: number, brief: boolean): string {
  const rec = r.record;
  const head = `${OUTCOME_LABEL[r.outcome]} ${rec.id} (${rec.kind}${r.controls !== undefined ? ` of ${r.controls}` : ''}) — ${rec.cite}`;
  switch (r.outcome) {
    case 'pass':
      return '';
    case 'not-refuted':
      return `${head}\n  the negative control held on all ${rec.runs} runs (${rec.inconclusive} inconclusive): the suite cannot tell it from the truth\n  statement: ${rec.statement}\n  re-run:    ${r.rerun}\n`;
    case 'inconclusive': {
      const short = (rec.coverage ?? []).filter((c) => c.passed + c.failed < (rec.minPerClass ?? 0));
      const cov = short
        .map(
          (c) =>
            `\n  class ${c.class}: ${c.passed + c.failed} certified of ${c.runs} runs (needs ${rec.minPerClass}, --min-per-class)`,
        )
        .join('');
      return `${head}\n  ${rec.inconclusive} of ${rec.runs} runs inconclusive (${rec.timedOut} timed out); budget ${maxInconclusive * 100}% (--max-inconclusive)${cov}\n  re-run:    ${r.rerun}\n`;
    }
    case 'refuted':
      if (brief) return `${head}\n  replay:    ${r.fixture?.fixture.replay ?? '-'}\n`;
      return counterexampleBlock(r, `${head}\n  refuted as expected; shrunk counterexample`);
    case 'fail':
    case 'error':
      return counterexampleBlock(r, `${head}\n  statement: ${rec.statement}\n  shrunk counterexample`);
  }
}

function counterexampleBlock(r: ClaimResult, head: string): string {
  const ce = r.record.counterexample;
  if (ce === undefined) return `${head}: none recorded\n  re-run:    ${r.rerun}\n`;
  const v = ce.verdict;
  const lines = [
    `${head} (${ce.shrinks} shrinks; seed ${ce.seed}, path ${ce.path}):`,
    `  instance:  ${formatInstance(stringifyJson(ce.instance, 0))}`,
    `  measured:  ${v.measured}   predicted: ${v.predicted}   tolerance: ${v.tolerance}   margin: ${formatNumber(v.margin)}`,
    `  why:       ${v.why}`,
  ];
  if (r.fixture !== undefined)
    lines.push(`  fixture:   ${r.fixture.display}`, `  replay:    ${r.fixture.fixture.replay}`);
  lines.push(`  re-run:    ${r.rerun}`);
  return `${lines.join('\n')}\n`;
}

function spreadText(s: Spread | null): string {
  return s === null ? '-' : `min ${s.min}, median ${s.median}, max ${s.max}`;
}

/** The `--controls` summary: detection rate and sizes of the shrunk counterexamples. */
export function controlsText(s: ControlsSummary): string {
  const rate = s.detectionRate === null ? '-' : `${(s.detectionRate * 100).toFixed(1)}%`;
  return [
    `negative controls: ${s.refuted}/${s.total} refuted (detection rate ${rate})`,
    `  shrunk counterexample size (JSON chars): ${spreadText(s.size)}`,
    `  shrink steps: ${spreadText(s.shrinks)}`,
    `  runs to refute: ${spreadText(s.runsToRefute)}`,
    `near-miss controls: ${s.nearMiss.refuted}/${s.nearMiss.total} refuted`,
    'resolving power (smallest relative perturbation of a prediction that a certified run refutes):',
    ...Object.entries(s.resolution).map(
      ([id, row]) =>
        `  ${id}: ${Object.entries(row)
          .map(([q, x]) => `${q} ${x.toExponential(1)}`)
          .join(', ')}`,
    ),
    '',
  ].join('\n');
}

/** The closing summary line. */
export function summaryLine(results: readonly ClaimResult[], seed: number, seconds: number, exitCode: number): string {
  const count = (o: ClaimResult['outcome']): number => results.filter((r) => r.outcome === o).length;
  const claims = results.filter((r) => r.record.kind === 'claim').length;
  const controls = results.length - claims;
  const parts = [
    `${claims} claims: ${count('pass')} passed, ${count('fail')} failed, ${count('inconclusive')} inconclusive`,
    `${controls} controls: ${count('refuted')} refuted, ${count('not-refuted')} not refuted`,
  ];
  if (count('error') > 0) parts.push(`checks that threw: ${count('error')}`);
  return `${parts.join('; ')} — seed ${seed}, ${formatSeconds(seconds)}, exit ${exitCode}\n`;
}

/** The readable `--list`. */
export function listText(claims: readonly Claim[]): string {
  if (claims.length === 0) return 'no claims registered\n';
  return claims
    .map(
      (c) =>
        `${c.id}  [${c.kind}${c.controls !== undefined ? ` of ${c.controls}` : ''}]  ${c.cite}\n    ${c.statement}\n`,
    )
    .join('');
}
