/**
 * Public surface of src/define: helpers that turn a theorem into a Claim — minimizer claims on the certified UFM
 * pipeline, near-miss controls (the theory perturbed by a small relative error, to measure resolving power) and
 * threshold controls (the threshold moved into a gap). Layer 7.6 (README "Layout").
 */
export * from './ufmClaim.ts';
export * from './missClaim.ts';
export * from './nearMiss.ts';
export * from './thresholdControl.ts';
export * from './mseBranches.ts';
