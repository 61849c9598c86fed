/**
 * Public surface of src/certified: the certified-solving layer. Each model's pipeline solves an instance and
 * certifies what it found (first order by KKT/Kantorovich bounds, second order by restricted curvature, global
 * optimality by the model's convex bound), and compares it with the theory's prediction:
 * - ufm/ — the plain UFM (Zhu et al. 2021; Tirer & Bruna 2022; THEORY.md §1–§3, §10), collapsed equivalents,
 *   the symmetry projector;
 * - extended/ — the extended and ReLU models (Tirer & Bruna 2022 Extended; THEORY.md §6);
 * - saddle/ — critical points built from the theory and their strict-saddle / local-minimum certificates (THEORY.md §4);
 * - fixedFeatures/ — the fixed-features rate fit (THEORY.md §5).
 * Layer 7.2 (README "Layout"): above the claim runner's contract, below the claims.
 */
export * from './ufm/index.ts';
export { startSeed } from './ufm/multistart.ts';
export * from './ufm/collapsedProblem.ts';
export * from './ufm/symmetryProjector.ts';
export * from './ufm/globalValue.ts';
export * from './extended/solve.ts';
export * from './extended/certify.ts';
export * from './extended/relu.ts';
export * from './extended/rankRFrame.ts';
export * from './extended/reluBest.ts';
export * from './saddle/index.ts';
export * from './fixedFeatures/rate.ts';
export * from './fixedFeatures/exact.ts';
export * from './curvature.ts';
export * from './model.ts';
export * from './ufm/model.ts';
export * from './extended/model.ts';
export * from './ulpm/model.ts';
export * from './ulpm/originSpectrum.ts';
export * from './ulpm/marginTrace.ts';
export * from './fixedFeatures/model.ts';
export * from './registry.ts';
export * from './flags.ts';
