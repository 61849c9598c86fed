/**
 * Reports of `ufmcheck replay`: one line per fixture, a detail block for a single fixture or an unhealthy one,
 * and the `--json` object `{"fixtures": [...], "seconds", "exitCode"}`.
 */
import { stringifyJson, type ReplayResult, type Verdict } from '../../claim/index.ts';
import { formatInstance, formatNumber, formatSeconds } from './table.ts';

/** What happened, in words: for a claim, pass is the regression test holding; for a control, fail is a refutation. */
export function replayLabel(r: ReplayResult): string {
  if (r.error !== undefined) return 'ERROR';
  const s = r.verdict.status;
  if (s === 'inconclusive') return 'INCONCLUSIVE';
  if (r.claim.kind === 'control') return s === 'fail' ? 'refuted' : 'NOT REFUTED';
  return s === 'pass' ? 'pass' : 'FAIL';
}

/** 0 healthy, 2 inconclusive (and no throw), 1 otherwise. */
export function replaySeverity(r: ReplayResult): 0 | 1 | 2 {
  if (r.healthy) return 0;
  return r.error === undefined && r.verdict.status === 'inconclusive' ? 2 : 1;
}

/** One summary line. */
export function replayLine(r: ReplayResult, display: string): string {
  const again = r.reproduced ? 'reproduced' : 'not reproduced';
  return `${replayLabel(r).padEnd(12)} ${display}  ${r.claim.kind} ${r.claim.id}  margin ${formatNumber(r.verdict.margin)}  (${again})  ${formatSeconds(r.seconds)}\n`;
}

function verdictLine(v: Verdict): string {
  return `${v.status}  measured ${v.measured}  predicted ${v.predicted}  tolerance ${v.tolerance}  margin ${formatNumber(v.margin)}`;
}

/** The detail block: instance, the verdict now and when stored, and what it means. */
export function replayBlock(r: ReplayResult, display: string): string {
  const meaning =
    r.claim.kind === 'control'
      ? r.healthy
        ? 'the negative control is still refuted on this instance'
        : 'the negative control is no longer refuted here: the check has lost the power to see this falsehood'
      : r.healthy
        ? 'the claim holds on this former counterexample: the regression test passes'
        : 'the claim fails on this instance (a stored counterexample that is not fixed yet)';
  return [
    `${replayLabel(r)} ${display}`,
    `  claim:     ${r.claim.id} (${r.claim.kind}) — ${r.claim.cite}`,
    `  statement: ${r.claim.statement}`,
    `  instance:  ${formatInstance(stringifyJson(r.fixture.instance, 0))}`,
    `  now:       ${verdictLine(r.verdict)}`,
    `  why:       ${r.verdict.why}`,
    `  stored:    ${verdictLine(r.fixture.verdict)}${r.reproduced ? ' (reproduced)' : ' (not reproduced)'}`,
    `  meaning:   ${meaning}`,
    '',
  ].join('\n');
}

/** The `replay --json` object (`extra`: entries of other fixture kinds, e.g. hunt fixtures, appended to `fixtures`). */
export function replayJson(
  items: readonly { readonly display: string; readonly result: ReplayResult }[],
  seconds: number,
  exitCode: number,
  extra: readonly unknown[] = [],
): string {
  return `${stringifyJson({
    fixtures: [
      ...items.map(({ display, result: r }) => ({
        file: display,
        claim: r.claim.id,
        kind: r.claim.kind,
        outcome: replayLabel(r).toLowerCase(),
        healthy: r.healthy,
        reproduced: r.reproduced,
        verdict: r.verdict,
        stored: r.fixture.verdict,
        ...(r.error !== undefined ? { error: r.error } : {}),
        seconds: r.seconds,
      })),
      ...extra,
    ],
    seconds,
    exitCode,
  })}\n`;
}
