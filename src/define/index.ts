/**
 * Public surface of src/define: helpers that turn a theorem into a Claim — `defineClaim` (the claim as theorem,
 * prediction, verdicts), minimizer claims on the certified UFM pipeline, one near-miss mechanism (`nearMisses`: the
 * theory perturbed by a small relative error, to measure resolving power) and threshold controls (the threshold
 * moved into a gap). Layer 7.6 (README "Layout").
 */
export * from './miss.ts';
export * from './defineClaim.ts';
export * from './nearMiss.ts';
export * from './ufmClaim.ts';
export * from './thresholdControl.ts';
export * from './mseBranches.ts';
export * from './lossClaims.ts';
