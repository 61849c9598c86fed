import { describe } from 'vitest';
import { claimTests } from './claimTests.ts';

describe('constructed saddles and second-order certificates (THEORY.md §1.2, §6; issue 4)', () => {
  claimTests(['saddle.']);
});
