import { describe } from 'vitest';
import { claimTests } from './claimTests.ts';

describe('beyond the plain UFM: extended, ReLU, fixed features, ULPM (THEORY.md §2.4–2.6, §3)', () => {
  claimTests([
    'extended.global-min.orthogonal-frames', 'extended.landscape.benign',
    'extended.global-min.orthogonal-frames.near-miss-value', 'extended.global-min.orthogonal-frames.near-miss-gram',
    'extended.global-min.orthogonal-frames.near-miss-norm',
    'extended.global-min.orthogonal-frames.near-miss-threshold-up', 'extended.global-min.orthogonal-frames.near-miss-threshold-down',
    'extended.global-min.nc2-etf',
    'extended.rank-r.local-min', 'extended.rank-r.strict-saddle', 'extended.rank-r.local-min.near-miss-value',
    'relu.upper-bound', 'relu.value.strictly-below-linear', 'relu.upper-bound.near-miss-value',
    'relu.nc-structure', 'relu.global-min.simplex-etf',
    'relu.nc-structure.near-miss-value', 'relu.nc-structure.near-miss-gram', 'relu.nc-structure.near-miss-norm',
    'fixed-features.noise-free.exact', 'fixed-features.noise-free.unshifted-ridge', 'fixed-features.noise-free.exact.near-miss-norm',
    'fixed-features.limit.rate', 'fixed-features.limit.no-shrinkage', 'fixed-features.limit.scale-without-sigma',
    'fixed-features.limit.rate.n-third-law', 'fixed-features.limit.rate.near-miss-norm',
    'ulpm.origin.curvature', 'ulpm.origin.local-min', 'ulpm.origin.curvature.near-miss-value',
    'ulpm.gd.margin-monotone', 'ulpm.gd.max-margin-reached',
  ]);
});
