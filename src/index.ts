/**
 * ufmcheck's public API (`import … from 'ufmcheck'`; issue 14 item 2). A research group states its own claims,
 * losses and conjectures against this surface and runs them in its own tests:
 * - the Claim/Verdict contract and the runner: runClaim, judgeRecord, assertClaim (a failure message with the
 *   counterexample, why, seed, fixture path and replay command);
 * - verdict helpers: judge, judgeAtLeast,
  judgeAtMost,
  judgeStrictlyBelow, inconclusive, worst, withResolution;
 * - claim builders: defineClaim (any claim: theorem, prepare step, verdicts, evidence), minimizerClaim (a claim about
 *   certified UFM minimizers), nearMisses (near-miss controls from a defined claim), thresholdControl, and the
 *   perturbation helpers (missed, perturb, perturbMat, perturbVec);
 * - conjectures for `ufmcheck hunt --conjecture FILE`: the Conjecture/Finding types (asConjecture validates one);
 * - configureRuntime: the command line's process-wide set-up (helper threads for large products, compiled
 *   JS→WebAssembly wrappers on Node 20), for library users who want the same speed.
 * Subpaths: 'ufmcheck/claims' (the registry), 'ufmcheck/conjectures', 'ufmcheck/losses' (columnLoss and the
 * catalogue), 'ufmcheck/theory' (closed forms, predictions), 'ufmcheck/arbitraries' (the generators),
 * 'ufmcheck/certified' (the certified solvers). Everything else is internal and may change between versions.
 */
export type {
  AssertClaimOptions,
  ClaimOutcome,
  ClassCoverage,
  Claim,
  ClaimClass,
  Conjecture,
  Counterexample,
  Finding,
  FindingStatus,
  Json,
  RunOptions,
  RunRecord,
  RuntimeSettings,
  Verdict,
  VerdictStatus,
} from './claim/index.ts';
export {
  asConjecture,
  assertClaim,
  ClaimAssertionError,
  classUnion,
  configureRuntime,
  DEFAULT_MAX_INCONCLUSIVE,
  DEFAULT_MIN_PER_CLASS,
  errorVerdict,
  failureMessage,
  inconclusive,
  judge,
  judgeAtMost,
  judgeRecord,
  mergeResolution,
  OutputError,
  readFixture,
  replayCommand,
  rerunCommand,
  runClaim,
  UsageError,
  withResolution,
  worst,
  writeFixture,
} from './claim/index.ts';
export type { ClaimDefinition, DefinedClaim, Miss, NearMissOptions, UfmClaimSpec } from './define/index.ts';
export {
  defineClaim,
  minimizerClaim,
  missed,
  NEAR_MISS,
  nearMisses,
  perturb,
  perturbMat,
  perturbVec,
  thresholdControl,
} from './define/index.ts';
