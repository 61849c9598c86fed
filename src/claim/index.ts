/**
 * Public surface of src/claim: the Claim/Verdict contract, the runner, outcomes, fixtures and replay.
 * Layer 7 (STYLE.md §2.2): may use node:fs; prints nothing.
 */
export type { Claim, ClaimClass, Json, Verdict, VerdictStatus } from './claim.ts';
export { classUnion, classSeed, classesOf, classProblems, DEFAULT_MIN_PER_CLASS } from './classes.ts';
export type { ClassCoverage, Counterexample, RunOptions, RunRecord } from './run.ts';
export { runClaim, errorVerdict, errorMessage, MAX_SEED, MAX_TOP_UPS } from './run.ts';
export type { ClaimOutcome } from './outcome.ts';
export {
  judgeRecord,
  inconclusiveOverBudget,
  uncoveredClasses,
  outcomeSeverity,
  worstSeverity,
  DEFAULT_MAX_INCONCLUSIVE,
} from './outcome.ts';
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
export type { ReplayResult, ResolvedFixture, SkippedFixture } from './replay.ts';
export {
  replayFixture,
  replayResolved,
  resolveFixture,
  listFixtureFiles,
  listFixtureTargets,
  loadFixtures,
  loadFixturesLenient,
} from './replay.ts';
export type { SelectOptions } from './registry.ts';
export { selectClaims, registryProblems } from './registry.ts';
export { replayCommand, rerunCommand, shellQuote } from './commands.ts';
export { stringifyJson, decodeNumber, plainJsonProblem, assertPlainJson } from './json.ts';
export { writeFileAtomic, ensureDir, ioReason } from './atomicWrite.ts';
// Re-exported so the CLI (rank 9) reaches the user-error type through its own layer.
export { UsageError, OutputError } from '../core/index.ts';
export {
  judge,
  judgeAtMost,
  judgeAtLeast,
  judgeStrictlyBelow,
  inconclusive,
  worst,
  withResolution,
  mergeResolution,
} from './verdict.ts';
// Hunts (issue 6): conjectures, the hunt engine, budgets/shards, distributions, hunt fixtures, user modules.
export type { Conjecture, Finding, FindingStatus } from './conjecture.ts';
export { asConjecture, conjectureProblems, conjectureRegistryProblems, findingProblem } from './conjecture.ts';
export { importModule, loadConjectureModule } from './userModule.ts';
export { parsePoint, readPoint, writePoint, pointJson, collapsedPointJson } from './point.ts';
export type { ReadInputOptions } from './readInput.ts';
export {
  readInputText,
  readInputJson,
  parseInputJson,
  jsonDepth,
  MAX_INPUT_BYTES,
  MAX_JSON_DEPTH,
} from './readInput.ts';
export type { PointFile } from './point.ts';
// Loss plug-ins (issue 6): load, shape-check, Taylor-slope-certify and register a user's loss module.
export type { LoadLossOptions } from './plugin.ts';
export { isLossPath, loadLossModule, lossFromExports, rejectionMessage, resolveLoss } from './plugin.ts';
export type { LossCheckCase, LossCheckOptions, LossCheckResult, SlopeCheck } from './pluginCheck.ts';
export {
  checkLossDerivatives,
  lossObjective,
  DIRECTIONS as TAYLOR_DIRECTIONS,
  TAYLOR as TAYLOR_OPTIONS,
} from './pluginCheck.ts';
export { toResultJson } from './json.ts';
// Loss variants (issue 6 / THEORY.md §10): which claims a loss keeps, and their variants for a plug-in loss.
export type { LossClaimHooks, LossSelection, TraitRequirement } from './lossVariants.ts';
export {
  claimsForLoss,
  isLossClaim,
  lossSelectionText,
  lossSuffix,
  lossVariantFor,
  requirementText,
  selectForLoss,
  unmet,
  usesLoss,
  variantFor,
} from './lossVariants.ts';
export { preloadFixtureLosses, readPointWithLoss } from './pluginPoint.ts';
export type { LossProfile } from './pluginTraits.ts';
export { lossProfile } from './pluginTraits.ts';
export { workerEntry } from './workerEntry.ts';
// Assertions for users' own tests (issue 14 item 4).
export type { AssertClaimOptions } from './assert.ts';
export { assertClaim, ClaimAssertionError, failureMessage } from './assert.ts';
export type { SeedSource } from './seed.ts';
export { parseSeed, resolveSeed, SEED_ENV } from './seed.ts';
export type { RuntimeSettings } from './runtime.ts';
export { compiledWrappersApply, configureRuntime, enableWasmFma, threadsFromEnv, workerHost } from './runtime.ts';
