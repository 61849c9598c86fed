import { describe } from 'vitest';
import { claimTests } from './claimTests.ts';

describe('beyond the plain UFM: extended, ReLU, fixed features, ULPM (THEORY.md §2.4–2.6, §3)', () => {
  claimTests(['extended.', 'relu.', 'fixed-features.', 'ulpm.']);
});
