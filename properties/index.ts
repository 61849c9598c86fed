/**
 * The claim registry: every claim and negative control ufmcheck knows. The CLI (`ufmcheck verify`, `replay`) and
 * `npm test` import only this file. To add a claim, write `properties/<claim-id>.ts` exporting it and list it below
 * (a claim next to its control keeps `verify`'s table readable).
 */
import type { Claim } from '../src/claim/index.ts';
import { selectClaims } from '../src/claim/index.ts';
import {
  ceGlobalMinNearMisses,
  ceGlobalMinOrthogonalFrame,
  ceGlobalMinSimplexEtf,
} from './ce-global-min-is-simplex-etf.ts';
import {
  ceLogKBelowThreshold,
  ceNonzeroAtKappa12,
  ceThresholdControls,
  ceZeroAboveThreshold,
  ceZeroNearMisses,
} from './ce-zero-above-threshold.ts';
import {
  mseBiasFreeNearMisses,
  mseBiasFreeOrthogonalFrame,
  mseBiasFreeSimplexEtf,
  mseBiasFreeThresholdControls,
} from './mse-bias-free-orthogonal-frame.ts';
import {
  mseFreeBiasNearMisses,
  mseFreeBiasSimplexEtf,
  mseFreeBiasThresholdControls,
  mseFreeBiasZero,
} from './mse-free-bias-simplex-etf.ts';
import {
  mseRegBiasClosedForm,
  mseRegBiasNearMisses,
  mseRegBiasThresholdControls,
  mseRegBiasUnshrunk,
} from './mse-reg-bias-closed-form.ts';
import {
  allCriticalPointsGlobal,
  ceLandscape,
  landscapeNearMisses,
  mseLandscape,
} from './landscape-no-spurious-minima.ts';
import {
  saddleOriginCurvature,
  saddleOriginLocalMin,
  saddleOriginNearMisses,
  saddleOriginThresholdControls,
} from './saddle-origin.ts';
import {
  saddleMseFrameRankKMinus1LocalMin,
  saddleMsePartialFrame,
  saddleMsePartialFrameNearMisses,
} from './saddle-mse-partial-frame.ts';
import { saddleEmbedded, saddleEmbeddedLocalMin } from './saddle-embedded.ts';
import { saddleClassMerging, saddleClassMergingGlobal } from './saddle-class-merging.ts';
import { saddleGlobalMinLocalMin, saddleGlobalMinPositiveDefinite } from './saddle-global-min-second-order.ts';
import {
  extendedGlobalMinNearMisses,
  extendedGlobalMinOrthogonalFrames,
  extendedGlobalMinSimplexEtf,
  extendedLandscapeBenign,
  extendedThresholdNearMisses,
} from './extended-global-min-orthogonal-frames.ts';
import {
  extendedRankRLocalMin,
  extendedRankRNearMisses,
  extendedRankRStrictSaddle,
} from './extended-rank-r-local-min.ts';
import { reluStrictlyBelowLinear, reluUpperBound, reluUpperBoundNearMisses } from './relu-upper-bound.ts';
import { reluNcStructure, reluNcStructureNearMisses, reluSimplexEtf } from './relu-nc-structure.ts';
import { fixedFeaturesExact, fixedFeaturesExactNearMisses, fixedFeaturesUnshifted } from './fixed-features-exact.ts';
import {
  fixedFeaturesNoShrinkage,
  fixedFeaturesNThirdLaw,
  fixedFeaturesOmitSigma,
  fixedFeaturesRate,
  fixedFeaturesRateNearMisses,
} from './fixed-features-rate.ts';
import { ulpmOriginCurvature, ulpmOriginLocalMin, ulpmOriginNearMisses } from './ulpm-origin-curvature.ts';
import { ulpmMarginMonotone, ulpmMaxMarginReached } from './ulpm-margin-monotone.ts';
import {
  lossGlobalMinCeConstants,
  lossGlobalMinNearMisses,
  lossGlobalMinSymmetricEtf,
} from './loss-global-min-symmetric-etf.ts';
import { lossZeroAboveThreshold, lossZeroJustBelow, lossZeroNearMissValue } from './loss-zero-above-threshold.ts';
import { lossGlobalMinThreeParameter, lossThreeParameterNearMisses } from './loss-global-min-three-parameter.ts';
import { lossLandscape, lossLandscapeNearMiss } from './loss-landscape-no-spurious-minima.ts';

/** All registered claims and controls, in reporting order. */
export const claims: readonly Claim[] = [
  ceGlobalMinSimplexEtf,
  ceGlobalMinOrthogonalFrame,
  ...ceGlobalMinNearMisses,
  ceLogKBelowThreshold,
  ceZeroAboveThreshold,
  ...ceZeroNearMisses,
  ...ceThresholdControls,
  ceNonzeroAtKappa12,
  mseBiasFreeOrthogonalFrame,
  ...mseBiasFreeNearMisses,
  ...mseBiasFreeThresholdControls,
  mseBiasFreeSimplexEtf,
  mseFreeBiasSimplexEtf,
  ...mseFreeBiasNearMisses,
  ...mseFreeBiasThresholdControls,
  mseFreeBiasZero,
  mseRegBiasClosedForm,
  ...mseRegBiasNearMisses,
  ...mseRegBiasThresholdControls,
  mseRegBiasUnshrunk,
  ceLandscape,
  mseLandscape,
  ...landscapeNearMisses,
  allCriticalPointsGlobal,
  saddleOriginCurvature,
  ...saddleOriginNearMisses,
  ...saddleOriginThresholdControls,
  saddleOriginLocalMin,
  saddleMsePartialFrame,
  ...saddleMsePartialFrameNearMisses,
  saddleMseFrameRankKMinus1LocalMin,
  saddleEmbedded,
  saddleEmbeddedLocalMin,
  saddleClassMerging,
  saddleClassMergingGlobal,
  saddleGlobalMinLocalMin,
  saddleGlobalMinPositiveDefinite,
  extendedGlobalMinOrthogonalFrames,
  extendedLandscapeBenign,
  ...extendedGlobalMinNearMisses,
  ...extendedThresholdNearMisses,
  extendedGlobalMinSimplexEtf,
  extendedRankRLocalMin,
  extendedRankRStrictSaddle,
  ...extendedRankRNearMisses,
  reluUpperBound,
  reluStrictlyBelowLinear,
  ...reluUpperBoundNearMisses,
  reluNcStructure,
  reluSimplexEtf,
  ...reluNcStructureNearMisses,
  fixedFeaturesExact,
  fixedFeaturesUnshifted,
  ...fixedFeaturesExactNearMisses,
  fixedFeaturesRate,
  fixedFeaturesNThirdLaw,
  fixedFeaturesNoShrinkage,
  fixedFeaturesOmitSigma,
  ...fixedFeaturesRateNearMisses,
  ulpmOriginCurvature,
  ulpmOriginLocalMin,
  ...ulpmOriginNearMisses,
  ulpmMarginMonotone,
  ulpmMaxMarginReached,
  // docs/theory.md §10: every loss on the logits (verify --loss re-draws these for the loss when its traits allow).
  lossGlobalMinSymmetricEtf,
  ...lossGlobalMinNearMisses,
  lossGlobalMinCeConstants,
  lossZeroAboveThreshold,
  lossZeroNearMissValue,
  lossZeroJustBelow,
  lossGlobalMinThreeParameter,
  ...lossThreeParameterNearMisses,
  lossLandscape,
  lossLandscapeNearMiss,
] as readonly Claim[];

/**
 * The registered claims whose id starts with one of `prefixes` (all when empty), in registry order.
 *
 * @param prefixes - id prefixes, as given to `ufmcheck verify --claim`
 * @returns the selection
 * @throws {UsageError} field `--claim` when a prefix matches nothing
 * @example
 * findClaims(['ce.']).map((c) => c.id); // => every CE claim id
 */
export function findClaims(prefixes: readonly string[]): Claim[] {
  return selectClaims(claims, prefixes);
}
