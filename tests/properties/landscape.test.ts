import { describe } from 'vitest';
import { claimTests } from './claimTests.ts';

describe('landscape claims (no spurious minima)', () => {
  claimTests([
    'ce.landscape.no-spurious-minima', 'mse.landscape.no-spurious-minima', 'ufm.landscape.all-critical-points-global',
    'ce.landscape.no-spurious-minima.near-miss-value', 'mse.landscape.no-spurious-minima.near-miss-value',
  ]);
});
