import { describe } from 'vitest';
import { claimTests } from './claimTests.ts';

describe('CE-UFM claims (Zhu et al. 2021, Thm 3.1–3.2)', () => {
  claimTests(['ce.global-min.', 'ce.value.', 'ce.zero.']);
});
