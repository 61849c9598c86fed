import { describe } from 'vitest';
import { claimTests } from './claimTests.ts';

describe('MSE-UFM claims (Tirer & Bruna 2022, THEORY.md §2.1–2.3)', () => {
  claimTests(['mse.bias-free.', 'mse.free-bias.', 'mse.reg-bias.']);
});
