import { describe } from 'vitest';
import { claimTests } from './claimTests.ts';

describe('CE-UFM claims (Zhu et al. 2021, Thm 3.1–3.2)', () => {
  claimTests([
    'ce.global-min.simplex-etf', 'ce.global-min.orthogonal-frame', 'ce.value.logk-below-threshold',
    'ce.global-min.simplex-etf.near-miss-value', 'ce.global-min.simplex-etf.near-miss-gram', 'ce.global-min.simplex-etf.near-miss-norm',
    'ce.global-min.zero-above-threshold', 'ce.zero.nonzero-at-kappa-1.2', 'ce.global-min.zero-above-threshold.near-miss-value',
    'ce.global-min.zero-above-threshold.near-miss-threshold', 'ce.global-min.simplex-etf.near-miss-threshold',
  ]);
});
