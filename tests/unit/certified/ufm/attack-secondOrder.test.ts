/**
 * Attacks on the UFM second-order certificate (src/certified/ufm/secondOrder.ts over certify/secondOrder.ts), issue 9
 * item 4: the origin (THEORY.md §6.1, exactly critical) with λ_min(∇²f) = q(σ₀) = −1e-6 must be classified
 * strict-saddle, and with q(σ₀) = +1e-6 (κ just above 1, where it is the global minimizer) local-min — never a
 * saddle. λ_W = λ_H = λ with q = λ − σ₀, σ₀ = 1/(K√n); the bias blocks (λ_b for CE, 1 for MSE) are far above.
 */
import { describe, expect, it } from 'vitest';
import { certifyUfmPoint } from '../../../../src/certified/ufm/secondOrder.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';
import { originPoint } from '../../../../src/theory/index.ts';

const K = 4,
  n = 3,
  d = 5;
const SIGMA0 = 1 / (K * Math.sqrt(n));

describe('UFM second-order certificate under attack (claim/ufm/secondOrder.ts)', () => {
  for (const c of [
    { loss: 'ce', bias: true, lambdaB: 0.05 },
    { loss: 'mse', bias: false, lambdaB: 0 },
    { loss: 'mse', bias: true, lambdaB: 0 },
  ] as const) {
    const loss = c.loss === 'ce' ? ce : mse;
    it(`should call the origin with λ_min = −1e-6 a strict saddle (${c.loss}, bias ${c.bias})`, () => {
      // Arrange
      const lambda = SIGMA0 - 1e-6;
      const p = parseUfmProblem({
        loss: c.loss,
        K,
        d,
        n,
        lambdaW: lambda,
        lambdaH: lambda,
        lambdaB: c.lambdaB,
        bias: c.bias,
      });
      const o = originPoint(p, loss);
      // Act
      const cert = certifyUfmPoint(p, loss, o.theta, 1);
      // Assert
      expect(o.lambdaMin).toBeCloseTo(-1e-6, 13);
      expect(cert.kind).toBe('strict-saddle');
      expect(cert.lambdaMin).toBeCloseTo(-1e-6, 10);
    });

    it(`should call the origin with λ_min = +1e-6 a local minimum, not a saddle (${c.loss}, bias ${c.bias})`, () => {
      // Arrange
      const lambda = SIGMA0 + 1e-6;
      const p = parseUfmProblem({
        loss: c.loss,
        K,
        d,
        n,
        lambdaW: lambda,
        lambdaH: lambda,
        lambdaB: c.lambdaB,
        bias: c.bias,
      });
      const o = originPoint(p, loss);
      // Act
      const cert = certifyUfmPoint(p, loss, o.theta, 2);
      // Assert
      expect(o.lambdaMin).toBeCloseTo(1e-6, 13);
      expect(cert.kind).toBe('local-min');
    });
  }
});
