/**
 * The per-claim result of `ufmcheck verify`, shared by the table, JSON and JUnit formatters.
 */
import type { ClaimOutcome, RunRecord, WrittenFixture } from '../../claim/index.ts';

export interface ClaimResult {
  readonly record: RunRecord;
  readonly outcome: ClaimOutcome;
  /** The fixture written for a counterexample (failed claim or refuted control). */
  readonly fixture?: WrittenFixture;
  /** `npx ufmcheck verify --claim <id> --seed <seed> --runs <n>`. */
  readonly rerun: string;
  /** For a control: the id of the claim it shadows. */
  readonly controls?: string;
}

/** The word shown for an outcome. */
export const OUTCOME_LABEL: Readonly<Record<ClaimOutcome, string>> = {
  pass: 'pass',
  refuted: 'refuted',
  fail: 'FAIL',
  error: 'ERROR',
  'not-refuted': 'NOT REFUTED',
  inconclusive: 'INCONCLUSIVE',
};
