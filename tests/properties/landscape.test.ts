import { describe } from 'vitest';
import { claimTests } from './claimTests.ts';

describe('landscape claims (no spurious minima)', () => {
  claimTests(['ce.landscape.', 'mse.landscape.', 'ufm.landscape.']);
});
