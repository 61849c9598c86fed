/**
 * The texts of the eight THEORY.md §10 statements that predictLossReduction reports (they are what `predict` and the
 * reports print next to applies/why), in order, for a loss with all three traits (CE) and one without (S) (MSE).
 */
import { describe, expect, it } from 'vitest';
import { lossById } from '../../../src/losses/index.ts';
import { predictLossReduction } from '../../../src/theory/index.ts';

const TEXTS = [
  '(C)+(E): a global minimizer of the symmetric form Z̄ = αI + β11ᵀ, b = β′1 exists',
  '(C)+(E)+(S): Z̄ = a*(I − 11ᵀ/K), f* = min_a g(a) (1-D)',
  'without (S): the ≤ 3-parameter problem in (α, β, β′)',
  'rank constraint α(α + Kβ) = 0 for d = K−1',
  'zero solution exactly when g′(0⁺) ≥ 0 (γ ≥ γ₀)',
  'the minimizer is unique, so EVERY global minimizer is the predicted one',
  'without (C): the symmetric point is only a candidate (hunt target)',
  'without (E): minimizers are generally not a simplex ETF (minority-collapse-like hunt)',
];

describe('predictLossReduction statement texts', () => {
  it.each(['ce', 'mse'])('should state the eight §10 statements in order for %s', (id) => {
    // Arrange
    const loss = lossById(id);
    // Act
    const p = predictLossReduction(loss, loss.traits, { K: 3, d: 2, n: 2, lambdaW: 5e-3, lambdaH: 1e-2 });
    // Assert
    expect(p.statements.map((s) => s.statement)).toEqual(TEXTS);
  });
});
