/**
 * Geometry: target frames (simplex ETF, orthogonal frame), class means, Procrustes / nearest-frame fits and the NC
 * metrics of THEORY.md §2.7.
 */
export { helmertBasis, etfGram, simplexEtf } from './simplexEtf.ts';
export { orthogonalFrame } from './orthogonalFrame.ts';
export { checkCounts, classMeans, globalMean, centredMeans, expandMeans } from './means.ts';
export type { NearestFrame } from './nearestFrame.ts';
export { procrustesDistance, nearestSimplexEtf, nearestOrthogonalFrame } from './nearestFrame.ts';
export type { NcMetrics, NcMetricOptions, Nc1Detail } from './metrics.ts';
export {
  NC1_VARIANT,
  distanceToEtfGram,
  distanceToOfGram,
  nc1,
  nc1Detailed,
  nc1TraceQuotient,
  nc2W,
  nc2WOf,
  nc2H,
  nc2HOf,
  nc3,
  nc3Of,
  nc4,
  nccAgreement,
  selfDuality,
  selfDualityOf,
  ncMetrics,
} from './metrics.ts';
export { cdnv, withinClassVariances } from './cdnv.ts';
// A·Aᵀ, shared with the claim layer's Gram comparisons.
export { gramRows } from './_internals/dense.ts';
