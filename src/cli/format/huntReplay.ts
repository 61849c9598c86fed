/**
 * How `ufmcheck replay` reports hunt fixtures (src/hunt/fixture.ts): a hunt fixture is evidence of a
 * discovery, healthy while the probe still reports a hit on the stored instance.
 */
import { stringifyJson } from '../../claim/index.ts';
import { type HuntReplayResult } from '../../hunt/index.ts';
import { formatInstance, formatSeconds } from './table.ts';

/** 'hit' (healthy), 'OTHER MECHANISM' (a hit whose signature changed), 'NO LONGER A HIT', 'INCONCLUSIVE' or 'ERROR'. */
export function huntReplayLabel(r: HuntReplayResult): string {
  if (r.error !== undefined) return 'ERROR';
  if (r.finding.status === 'hit') return r.sameMechanism ? 'hit' : 'OTHER MECHANISM';
  return r.finding.status === 'inconclusive' ? 'INCONCLUSIVE' : 'NO LONGER A HIT';
}

/** 0 healthy, 2 inconclusive (and no error), 1 otherwise (as replaySeverity for claim fixtures). */
export function huntReplaySeverity(r: HuntReplayResult): 0 | 1 | 2 {
  if (r.healthy) return 0;
  return r.error === undefined && r.finding.status === 'inconclusive' ? 2 : 1;
}

/** One summary line. */
export function huntReplayLine(r: HuntReplayResult, display: string): string {
  const again = r.reproduced ? 'reproduced' : 'not reproduced';
  return `${huntReplayLabel(r).padEnd(12)} ${display}  hunt ${r.conjecture.id}  (${again})  ${formatSeconds(r.seconds)}\n`;
}

/** The detail block. */
export function huntReplayBlock(r: HuntReplayResult, display: string): string {
  const meaning = r.healthy
    ? 'the probe still reports the hit: the counterexample to the conjecture stands'
    : r.finding.status === 'hit'
      ? 'the probe still hits, but the point found now has another mechanism signature than the stored one'
      : 'the probe no longer reports a hit on this instance: the stored evidence does not reproduce (probe changed, or not deterministic)';
  const mech = r.fixture.mechanism;
  return [
    `${huntReplayLabel(r)} ${display}`,
    `  conjecture: ${r.conjecture.id} — ${r.conjecture.cite}`,
    `  statement:  ${r.conjecture.statement}`,
    `  instance:   ${formatInstance(stringifyJson(r.fixture.instance, 0))}`,
    `  now:        ${r.finding.status}  ${formatInstance(stringifyJson(r.finding.evidence, 0), 400)}`,
    `  why:        ${r.finding.why}`,
    `  stored:     ${r.fixture.finding.status}  ${formatInstance(stringifyJson(r.fixture.finding.evidence, 0), 400)}${r.reproduced ? ' (reproduced)' : ' (not reproduced)'}`,
    ...(mech !== undefined
      ? [
          `  mechanism:  ${mech.signature}${r.analysis !== undefined && r.analysis.signature !== mech.signature ? ` (now: ${r.analysis.signature})` : ''}`,
          `  found:      ${mech.description}`,
        ]
      : []),
    `  hunt:       seed ${r.fixture.hunt.seed}, index ${r.fixture.hunt.index} — ${r.fixture.createdBy}`,
    `  meaning:    ${meaning}`,
    '',
  ].join('\n');
}

/** One entry of the `replay --json` fixtures array (fields as for claim fixtures, with `kind: 'hunt'`). */
export function huntReplayJsonItem(r: HuntReplayResult, display: string): Record<string, unknown> {
  return {
    file: display,
    claim: r.conjecture.id,
    kind: 'hunt',
    outcome: huntReplayLabel(r).toLowerCase(),
    healthy: r.healthy,
    reproduced: r.reproduced,
    sameMechanism: r.sameMechanism,
    ...(r.fixture.mechanism !== undefined ? { mechanism: r.fixture.mechanism } : {}),
    ...(r.analysis !== undefined ? { signatureNow: r.analysis.signature } : {}),
    finding: r.finding,
    stored: r.fixture.finding,
    ...(r.error !== undefined ? { error: r.error } : {}),
    seconds: r.seconds,
  };
}
