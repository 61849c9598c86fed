/**
 * `assertClaim`: run a claim in a user's own test and, when it does not come out as expected, throw an error whose
 * message explains itself — the counterexample (shrunk), why it failed, the seed, the counterexample's fixture path
 * when one was written, and the replay command (issue 14 item 4). Test-framework agnostic: it throws a
 * {@link ClaimAssertionError}, which vitest, jest, node:test and mocha all report with its message.
 */
import type { Claim, Json } from './claim.ts';
import { rerunCommand } from './commands.ts';
import { writeFixture } from './fixture.ts';
import { DEFAULT_MAX_INCONCLUSIVE, judgeRecord, type ClaimOutcome } from './outcome.ts';
import { runClaim, type RunRecord } from './run.ts';
import { resolveSeed } from './seed.ts';

/** Options of {@link assertClaim}. */
export interface AssertClaimOptions {
  /**
   * fast-check seed, integer 0..2³²−1. @defaultValue UFMCHECK_SEED from the environment (a malformed value is a
   * UsageError naming it), else 42
   */
  readonly seed?: number;
  /** Runs. @defaultValue the claim's defaultRuns */
  readonly runs?: number;
  /** The inconclusive share allowed before the outcome is inconclusive. @defaultValue 0.2 */
  readonly maxInconclusive?: number;
  /** Certified runs each coverage class needs. @defaultValue the runner's (3) */
  readonly minPerClass?: number;
  /** Seconds one run may take; a slower run counts as inconclusive. @defaultValue none */
  readonly timeoutPerRun?: number;
  /** When given, a counterexample is saved as a replayable fixture under this directory and its path reported. */
  readonly fixtureDir?: string;
  /**
   * The command that replays the run, printed in the message. @defaultValue `npx ufmcheck verify --claim <id>
   * --seed S --runs R` when `registered` is true, else `UFMCHECK_SEED=S` plus the runClaim call that replays it
   */
  readonly replay?: string;
  /** Whether the claim is in ufmcheck's registry (so `ufmcheck verify --claim` can replay it). @defaultValue false */
  readonly registered?: boolean;
}

/** Thrown by {@link assertClaim}; `record` and `outcome` carry the run for programmatic use. */
export class ClaimAssertionError extends Error {
  override readonly name = 'ClaimAssertionError';
  constructor(
    message: string,
    readonly record: RunRecord,
    readonly outcome: ClaimOutcome,
  ) {
    super(message);
  }
}

/** The seed of an assertion: the option, else UFMCHECK_SEED (the suite's one seed mechanism, seed.ts), else 42. */
function seedOf(options: AssertClaimOptions): number {
  return options.seed ?? resolveSeed(undefined, process.env, () => 42).seed;
}

/**
 * Runs `claim` (a claim must pass; a negative control must be refuted) and returns the record; otherwise throws a
 * {@link ClaimAssertionError} whose message carries the outcome, the counts, the shrunk counterexample and its
 * verdict's why, the seed, the fixture path (with `fixtureDir`) and the replay command.
 *
 * @example
 * assertClaim(myClaim, { seed: 7, runs: 20 }); // returns the RunRecord, or throws with the counterexample
 */
export function assertClaim<I extends Json>(claim: Claim<I>, options: AssertClaimOptions = {}): RunRecord {
  const seed = seedOf(options);
  const runs = options.runs ?? claim.defaultRuns;
  const record = runClaim(claim, {
    seed,
    runs,
    ...(options.minPerClass !== undefined ? { minPerClass: options.minPerClass } : {}),
    ...(options.timeoutPerRun !== undefined ? { timeoutPerRunMs: options.timeoutPerRun * 1000 } : {}),
  });
  const outcome = judgeRecord(record, options.maxInconclusive ?? DEFAULT_MAX_INCONCLUSIVE);
  const expected: ClaimOutcome = claim.kind === 'control' ? 'refuted' : 'pass';
  if (outcome === expected) return record;
  throw new ClaimAssertionError(failureMessage(claim, record, outcome, expected, options), record, outcome);
}

/** The explanation of an unexpected outcome (what {@link assertClaim} throws). */
export function failureMessage<I extends Json>(
  claim: Claim<I>,
  record: RunRecord,
  outcome: ClaimOutcome,
  expected: ClaimOutcome,
  options: AssertClaimOptions = {},
): string {
  const lines = [
    `${claim.id}: expected ${expected}, got ${outcome} (seed ${record.seed}; ${record.runs} runs: ${record.passed} passed, ${record.failed} failed, ${record.inconclusive} inconclusive)`,
    `claim: ${claim.statement} [${claim.cite}]`,
  ];
  const uncovered =
    record.coverage?.filter((c) => c.passed + c.failed < (record.minPerClass ?? 0)).map((c) => c.class) ?? [];
  if (uncovered.length > 0) lines.push(`classes with too few certified runs: ${uncovered.join(', ')}`);
  const ce = record.counterexample;
  if (ce !== undefined) {
    lines.push(
      `counterexample${ce.class !== undefined ? ` [class ${ce.class}]` : ''} (after ${ce.shrinks} shrinks): ${JSON.stringify(ce.instance)}`,
    );
    lines.push(`why: ${ce.error ?? ce.verdict.why}`);
    lines.push(`fast-check: seed ${ce.seed}, path '${ce.path}'`);
    if (options.fixtureDir !== undefined) lines.push(`fixture: ${writeFixture(options.fixtureDir, record).display}`);
  } else if (outcome === 'not-refuted') {
    lines.push('no instance refuted the control: the suite did not detect the planted error');
  }
  const replay =
    options.replay ??
    (options.registered === true
      ? rerunCommand(claim.id, record.seed, record.requestedRuns)
      : `UFMCHECK_SEED=${record.seed} (runClaim(${JSON.stringify(claim.id)}, { seed: ${record.seed}, runs: ${record.requestedRuns} }))`);
  lines.push(`replay: ${replay}`);
  return lines.join('\n');
}
