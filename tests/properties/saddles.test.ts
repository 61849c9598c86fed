import { describe } from 'vitest';
import { claimTests } from './claimTests.ts';

describe('constructed saddles and second-order certificates (THEORY.md §1.2, §6; issue 4)', () => {
  claimTests([
    'saddle.origin.curvature', 'saddle.origin.local-min-below-threshold',
    'saddle.origin.curvature.near-miss-lambda', 'saddle.origin.curvature.near-miss-value',
    'saddle.origin.curvature.near-miss-threshold-above', 'saddle.origin.curvature.near-miss-threshold-below',
    'saddle.mse-partial-frame.strict-saddle', 'saddle.mse-partial-frame.rank-k-minus-1-local-min',
    'saddle.mse-partial-frame.strict-saddle.near-miss-lambda', 'saddle.mse-partial-frame.strict-saddle.near-miss-value',
    'saddle.embedded.strict-saddle', 'saddle.embedded.local-min',
    'saddle.class-merging.strict-saddle', 'saddle.class-merging.global',
    'saddle.global-min.local-min', 'saddle.global-min.positive-definite',
  ]);
});
