import { describe } from 'vitest';
import { claimTests } from './claimTests.ts';

describe('MSE-UFM claims (Tirer & Bruna 2022, THEORY.md §2.1–2.3)', () => {
  claimTests([
    'mse.bias-free.orthogonal-frame', 'mse.bias-free.simplex-etf',
    'mse.bias-free.orthogonal-frame.near-miss-value', 'mse.bias-free.orthogonal-frame.near-miss-gram', 'mse.bias-free.orthogonal-frame.near-miss-norm',
    'mse.bias-free.orthogonal-frame.near-miss-threshold-above', 'mse.bias-free.orthogonal-frame.near-miss-threshold-below',
    'mse.free-bias.simplex-etf', 'mse.free-bias.zero-bias',
    'mse.free-bias.simplex-etf.near-miss-value', 'mse.free-bias.simplex-etf.near-miss-gram', 'mse.free-bias.simplex-etf.near-miss-norm',
    'mse.free-bias.simplex-etf.near-miss-bias',
    'mse.free-bias.simplex-etf.near-miss-threshold-above', 'mse.free-bias.simplex-etf.near-miss-threshold-below',
    'mse.reg-bias.closed-form', 'mse.reg-bias.unshrunk-bias',
    'mse.reg-bias.closed-form.near-miss-value', 'mse.reg-bias.closed-form.near-miss-gram', 'mse.reg-bias.closed-form.near-miss-norm',
    'mse.reg-bias.closed-form.near-miss-bias',
    'mse.reg-bias.closed-form.near-miss-threshold-above', 'mse.reg-bias.closed-form.near-miss-threshold-below',
    'mse.reg-bias.closed-form.near-miss-switch-above', 'mse.reg-bias.closed-form.near-miss-switch-below',
  ]);
});
