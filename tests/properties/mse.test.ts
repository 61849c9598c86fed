import { describe } from 'vitest';
import { claimTests } from './claimTests.ts';

describe('MSE-UFM claims (Tirer & Bruna 2022, THEORY.md §2.1–2.3)', () => {
  claimTests([
    'mse.bias-free.orthogonal-frame', 'mse.bias-free.simplex-etf',
    'mse.free-bias.simplex-etf', 'mse.free-bias.zero-bias',
    'mse.reg-bias.closed-form', 'mse.reg-bias.unshrunk-bias',
  ]);
});
