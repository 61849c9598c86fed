/**
 * Public surface of src/hunt: the hunt engine (conjectures searched at scale, THEORY.md §7), its budgets and shards,
 * distributions, mechanism grouping, hunt fixtures, the hunt store and the worker pool. The CLI only calls it; the
 * conjecture registry (properties/conjectures) and the built-in search machinery live above and below respectively.
 * Layer 7.5 (between src/claim and properties; README "Layout").
 */
export type {
  HitAnalysis,
  HuntConjecture,
  HuntFindingGroup,
  HuntFindings,
  HuntSpace,
  HuntWitness,
  IntRange,
  GroupableHit,
  MechanismHooks,
} from './mechanism.ts';
export {
  analyseWith,
  formatSpace,
  groupHits,
  hooksOf,
  inRange,
  isNarrowed,
  narrowConjecture,
  parseBiasChoice,
  parseIntRange,
  UNCLASSIFIED,
} from './mechanism.ts';
export type {
  HuntHit,
  HuntOptions,
  HuntPositionsOptions,
  HuntReport,
  HuntTally,
  HuntTry,
  TryStatus,
} from './engine.ts';
export {
  createTally,
  drawParams,
  huntPositions,
  instanceSeed,
  runHunt,
  shardIndex,
  shardIndices,
  tryInstance,
} from './engine.ts';
export type { HuntBudget, Shard } from './budget.ts';
export {
  formatBudget,
  formatShard,
  parseBudget,
  parseShard,
  MAX_BUDGET_MS,
  MAX_BUDGET_RUNS,
  MAX_SHARDS,
} from './budget.ts';
export type { HistogramBin, HuntDistribution, ParamDistribution, ParamSample } from './distribution.ts';
export { distributionOf, paramsOf } from './distribution.ts';
export type {
  HuntFixture,
  HuntFixtureMechanism,
  HuntReplayResult,
  WriteHuntFixtureOptions,
  WrittenHuntFixture,
} from './fixture.ts';
export {
  HUNT_FIXTURE_SCHEMA,
  HUNT_FIXTURE_SCHEMA_V1,
  huntFixtureRelativePath,
  isHuntFixtureFile,
  parseHuntFixture,
  readHuntFixture,
  replayHuntFixture,
  resolveHuntFixture,
  writeHuntFixture,
} from './fixture.ts';
export type { IndexRange, IndexSet } from './indexSet.ts';
export { compressIndices, indexSet, rangeIndices, rangeSize, skippingNext } from './indexSet.ts';
export type { HuntStoreContents, HuntStoreKey, HuntStoreWriter, StoredHuntHit, TriedCounts } from './store.ts';
export { HUNT_STORE_SCHEMA, huntStoreKeyDir, openHuntStore, readHuntStore, storedSeeds } from './store.ts';
export type { ConjectureSource, HuntPoolOptions, HuntWorkerInput, HuntWorkerMessage } from './pool.ts';
export { claimFrom, MAX_WORKERS, runHuntPool, STOP_GRACE_MS, yieldToEvents } from './pool.ts';
// The built-in search machinery of the UFM conjectures (THEORY.md §7): instances, spaces, multistart with
// certificates, the cyclic ansatz, structure signatures and the imbalance analysis.
export type { HuntProblemShape, HuntUfmInstance } from './instance.ts';
export {
  HUNT_MAX_SHRINKS,
  huntLambda,
  huntProblemOf,
  huntSeed,
  huntUfmInstance,
  parseHuntUfmInstance,
  startSeed,
} from './instance.ts';
export type { ResolvedUfmSpace, UfmSpaceSpec } from './space.ts';
export { resolveUfmSpace, shapeArbitrary } from './space.ts';
export type { CandidateCertificate, RelaxationEvidence, StartOptions, StartRecord } from './multistart.ts';
export {
  bestStart,
  certificateJson,
  certifyCandidate,
  classifierSingularValues,
  objectiveTerms,
  relaxationEvidence,
  relaxationJson,
  roundingAllowance,
  runStarts,
  START_TOL,
  startJson,
  valueSpread,
} from './multistart.ts';
export type { CyclicAnsatz, CyclicAnsatzFit, CyclicAnsatzInstance, CyclicFrequency } from './cyclicAnsatz.ts';
export { cyclicAnsatz, cyclicFrequencySets, fitCyclicAnsatz, realizeCyclicAnsatz } from './cyclicAnsatz.ts';
export type { RealizedAnsatz } from './ansatzPoint.ts';
export { realizedAnsatz } from './ansatzPoint.ts';
export type { UfmStructure } from './signature.ts';
export {
  analyseUfmPoint,
  classifierOf,
  classifierOfPoint,
  dRegime,
  evidenceNumber,
  metricsJson,
  evidencePointJson,
  problemText,
  structureDifferences,
  structureSignature,
  structureText,
  ufmStructure,
} from './signature.ts';
export type { CollapseDecision, ImbalanceInstance, MinorityGeometry } from './imbalance.ts';
export {
  COLLAPSE_RATIO,
  collapseDecision,
  geometryJson,
  imbalanceInstance,
  imbalanceProblem,
  imbalanceRatio,
  minorityGeometry,
  mseBiasFreeCollapseRatio,
  parseImbalanceInstance,
} from './imbalance.ts';
