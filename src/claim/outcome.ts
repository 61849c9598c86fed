/**
 * Judging a {@link RunRecord}: did the suite do its job on this claim? One function, shared by the CLI (exit
 * codes, tables, JUnit) and by tests that run the registry.
 *
 * | kind    | record                                   | outcome        | severity |
 * |---------|------------------------------------------|----------------|----------|
 * | any     | the check threw (run or counterexample)  | `error`        | 1        |
 * | claim   | a `fail` verdict was found               | `fail`         | 1        |
 * | claim   | inconclusive > maxInconclusive · runs    | `inconclusive` | 2        |
 * | claim   | a coverage class with < minPerClass      | `inconclusive` | 2        |
 * |         | certified runs (issue 9 item 1)          |                |          |
 * | claim   | otherwise                                | `pass`         | 0        |
 * | control | a `fail` verdict was found (refuted)     | `refuted`      | 0        |
 * | control | never refuted, inconclusive over budget  | `inconclusive` | 2        |
 * | control | never refuted                            | `not-refuted`  | 1        |
 *
 * A refuted control ignores the inconclusive budget (the refutation is conclusive); a control that was never
 * refuted on conclusive runs is a failure of the suite, but one whose runs were mostly inconclusive (timed out,
 * uncertified) was not tested at all and is inconclusive.
 */
import type { RunRecord } from './run.ts';

/** The judged outcome of one record. */
export type ClaimOutcome = 'pass' | 'fail' | 'error' | 'inconclusive' | 'refuted' | 'not-refuted';

/** Default share of a claim's runs that may be inconclusive before the run counts as inconclusive (exit 2). */
export const DEFAULT_MAX_INCONCLUSIVE = 0.2;

/**
 * Judges a record (see the table above).
 *
 * @param record - the run
 * @param maxInconclusive - the inconclusive budget as a fraction of `record.runs`, in [0, 1]
 * @returns the outcome
 * @example
 * judgeRecord({ kind: 'claim', runs: 10, inconclusive: 3, refuted: false, … }, 0.2); // => 'inconclusive'
 */
export function judgeRecord(record: RunRecord, maxInconclusive: number = DEFAULT_MAX_INCONCLUSIVE): ClaimOutcome {
  if (record.errors > 0 || record.counterexample?.error !== undefined) return 'error';
  if (record.kind === 'control') {
    if (record.refuted) return 'refuted';
    // A control never refuted because its runs were inconclusive (timed out, uncertified) was not tested: that is
    // inconclusive (exit 2), not a suite that cannot tell the control from the truth (issue 12).
    return inconclusiveOverBudget(record, maxInconclusive) ? 'inconclusive' : 'not-refuted';
  }
  if (record.refuted) return 'fail';
  return inconclusiveOverBudget(record, maxInconclusive) || uncoveredClasses(record).length > 0
    ? 'inconclusive'
    : 'pass';
}

/**
 * The coverage classes of a record that got fewer certified runs (pass or fail verdicts) than `minPerClass`:
 * a claim whose branch was not exercised has not passed (issue 9 item 1).
 */
export function uncoveredClasses(record: Pick<RunRecord, 'coverage' | 'minPerClass'>): string[] {
  const m = record.minPerClass ?? 0;
  return (record.coverage ?? []).filter((c) => c.passed + c.failed < m).map((c) => c.class);
}

/** True when more than `maxInconclusive · runs` of the runs were inconclusive. */
export function inconclusiveOverBudget(
  record: Pick<RunRecord, 'runs' | 'inconclusive'>,
  maxInconclusive: number,
): boolean {
  return record.inconclusive > maxInconclusive * record.runs;
}

/** 0 when the outcome is what the suite wants, 1 for a failure, 2 for an inconclusive budget overrun. */
export function outcomeSeverity(outcome: ClaimOutcome): 0 | 1 | 2 {
  switch (outcome) {
    case 'pass':
    case 'refuted':
      return 0;
    case 'inconclusive':
      return 2;
    case 'fail':
    case 'error':
    case 'not-refuted':
      return 1;
  }
}

/** Combines severities: a 1 anywhere wins, then a 2, else 0 (a failure is worse than an inconclusive run). */
export function worstSeverity(severities: Iterable<0 | 1 | 2>): 0 | 1 | 2 {
  let worst: 0 | 1 | 2 = 0;
  for (const s of severities) {
    if (s === 1) return 1;
    if (s === 2) worst = 2;
  }
  return worst;
}
