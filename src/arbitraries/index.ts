/**
 * Public surface of src/arbitraries: the fast-check generators of instances (K, d, n, counts, λ's, seeds) for
 * every model, their coverage classes (the branches of each theorem: threshold sides, near-threshold strata,
 * dimension regimes) and the verify profiles. Layer 7.1 (README "Layout").
 */
export * from './dims.ts';
export * from './lambdas.ts';
export * from './instance.ts';
export * from './ufmClasses.ts';
export * from './thresholdGap.ts';
export * from './regBiasClasses.ts';
export * from './extended.ts';
export * from './fixedFeatures.ts';
export * from './ulpm.ts';
export * from './saddles.ts';
export * from './profiles.ts';
export * from './lossInstances.ts';
export * from './multistart.ts';
