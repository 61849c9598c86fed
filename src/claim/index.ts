/**
 * Public surface of src/claim: the Claim/Verdict contract, the runner, outcomes, fixtures and replay.
 * Layer 7 (STYLE.md §2.2): may use node:fs; prints nothing.
 */
export type { Claim, Json, Verdict, VerdictStatus } from './claim.ts';
export type { Counterexample, RunOptions, RunRecord } from './run.ts';
export { runClaim, errorVerdict, errorMessage, MAX_SEED } from './run.ts';
export type { ClaimOutcome } from './outcome.ts';
export { judgeRecord, inconclusiveOverBudget, outcomeSeverity, worstSeverity, DEFAULT_MAX_INCONCLUSIVE } from './outcome.ts';
export type { Fixture, WriteFixtureOptions, WrittenFixture } from './fixture.ts';
export {
  FIXTURE_SCHEMA,
  fixtureOf,
  fixtureRelativePath,
  writeFixture,
  readFixture,
  parseFixture,
  displayPath,
  safeSegment,
  usageDetail,
} from './fixture.ts';
export type { ReplayResult, ResolvedFixture } from './replay.ts';
export { replayFixture, replayResolved, resolveFixture, listFixtureFiles, loadFixtures } from './replay.ts';
export type { SelectOptions } from './registry.ts';
export { selectClaims, registryProblems } from './registry.ts';
export { replayCommand, rerunCommand, shellQuote } from './commands.ts';
export { stringifyJson, decodeNumber, plainJsonProblem, assertPlainJson } from './json.ts';
export { writeFileAtomic } from './atomicWrite.ts';
// Re-exported so the CLI (rank 9) reaches the user-error type through its own layer.
export { UsageError } from '../core/index.ts';
