/**
 * Edge cases of the certificates behind the minimizer claims, each against a hand computation:
 * - rankReduction.ts: the extra-coordinate block B = [[λ_W I, G], [Gᵀ, λ_H I]] takes G from the logits WH + b1ᵀ,
 *   bias included. At W = 0, H = 0 the range of M = [W; Hᵀ] is {0}, nothing is deflated, and
 *   μ_B = (λ_W + λ_H)/2 − √(((λ_W − λ_H)/2)² + σ_max(G)²) (THEORY.md §1.2 item 4's q(σ)). CE, K = 2, N = 2,
 *   b = (1, −1): G = ½ (−1, 1)ᵀ (1 − σ, −σ), σ = 1/(1 + e⁻²), σ_max(G) = ½·√2·√((1 − σ)² + σ²).
 * - compensatedGradient.ts: the softmax is evaluated at x_k = z_k − max z ≤ 0, so logits of 500 do not overflow.
 * - certified.ts: below d = K − 1 the convex KKT test fails at the solver's minimizer (the rank constraint binds),
 *   and the verdict is inconclusive with ‖G‖₂ and the bound.
 * - curvature.ts: the certified μ is the Rayleigh quotient minus the residual, the rounding 8·dim·u·|λ_max| and the
 *   projector's slack, never more.
 */
import { describe, expect, it } from 'vitest';
import { certifiedMinimizer, isCertified } from '../../../../src/certified/ufm/certified.ts';
import { softmaxGradientBound } from '../../../../src/certified/ufm/compensatedGradient.ts';
import { restrictedCurvature } from '../../../../src/certified/ufm/curvature.ts';
import { extraBlockCurvature } from '../../../../src/certified/ufm/rankReduction.ts';
import { solveUfm } from '../../../../src/certified/ufm/solve.ts';
import { matOf } from '../../../../src/core/index.ts';
import { spectralNorm } from '../../../../src/linalg/index.ts';
import { ce } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';

describe('certificate edge cases', () => {
  it('should build the extra block from the logits with the bias: μ_B = λ − σ_max(G) at W = H = 0', () => {
    // Arrange: the d′ = K = 2 problem, θ′ = [W 2×2 | H 2×2 | b]
    const red = parseUfmProblem({ loss: 'ce', K: 2, d: 2, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: true });
    const theta = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, -1]);
    const s = 1 / (1 + Math.exp(-2));
    const exact = 0.1 - 0.5 * Math.SQRT2 * Math.hypot(1 - s, s);
    // Act
    const e = extraBlockCurvature(red, ce, theta, 1, 'js');
    // Assert: nothing deflated; Lanczos on a 4×4 block converges to rounding (1e-12 leaves 10⁴ ulps), and the
    // certified μ is below the exact value
    expect(e.rank).toBe(0);
    expect(e.defect).toBe(0);
    expect(e.converged).toBe(true);
    expect(Math.abs(e.rayleigh - exact)).toBeLessThan(1e-12);
    expect(e.mu).toBeLessThanOrEqual(exact);
  });

  it('should add the bias to the logits, not subtract it: an asymmetric b at K = 3 (μ_B = λ − σ_max(G), G = (p1ᵀ − I)/N)', () => {
    // Arrange: d′ = K = 3, n = 1, W = H = 0, b = (1, 0, −2): every column's logits are b, so p = softmax(b) and
    // G = (p1ᵀ − I)/3; with −b the softmax differs (K = 2 could not tell: σ_max is symmetric under p ↔ 1 − p there)
    const red = parseUfmProblem({ loss: 'ce', K: 3, d: 3, n: 1, lambdaW: 0.2, lambdaH: 0.2, lambdaB: 0, bias: true });
    const theta = new Float64Array(3 * 3 + 3 * 3 + 3);
    theta.set([1, 0, -2], 18);
    const ex = [Math.exp(1), 1, Math.exp(-2)];
    const sum = ex[0]! + ex[1]! + ex[2]!;
    const G = new Float64Array(9);
    for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) G[k * 3 + j] = (ex[k]! / sum - (k === j ? 1 : 0)) / 3;
    const exact = 0.2 - spectralNorm(matOf(3, 3, G));
    // Act
    const e = extraBlockCurvature(red, ce, theta, 1, 'js');
    // Assert: Lanczos on a 6×6 block converges to rounding (1e-12 leaves 10⁴ ulps)
    expect(e.rank).toBe(0);
    expect(Math.abs(e.rayleigh - exact)).toBeLessThan(1e-12);
  });

  it('should certify μ_B as λ̂ − r − 8(K+N)u‖B‖, minus the projector slack (2 + δ_P)δ_P‖B‖ (and more) when δ_P > 0', () => {
    // Arrange: d′ = K = 3 with W = A·diag(1, s, 0)·B (fixed rotations A, B) and H = 0, so M = [W; Hᵀ] has rank 2 when
    // s = 10⁻⁴ (σ² = 10⁻⁸ > 10⁻⁹·λ_max is kept, and its eigenvector carries a rounding defect δ_P ≈ u/10⁻⁸) and rank
    // 1 when s = 3·10⁻⁵ (dropped: no defect)
    const red = parseUfmProblem({ loss: 'ce', K: 3, d: 3, n: 1, lambdaW: 0.2, lambdaH: 0.1, lambdaB: 0, bias: false });
    const rot = (t: number, i: number, j: number): number[][] => {
      const R = [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ];
      R[i]![i] = Math.cos(t);
      R[j]![j] = Math.cos(t);
      R[i]![j] = -Math.sin(t);
      R[j]![i] = Math.sin(t);
      return R;
    };
    const mul = (A: number[][], B: number[][]): number[][] =>
      A.map((r) => B[0]!.map((_, c) => r.reduce((acc, a, k) => acc + a * B[k]![c]!, 0)));
    const A = mul(rot(0.3, 0, 1), rot(0.7, 1, 2)),
      B = mul(rot(1.1, 0, 2), rot(0.4, 0, 1));
    for (const [small, rank] of [
      [1e-4, 2],
      [3e-5, 1],
    ] as const) {
      const W = mul(
        mul(A, [
          [1, 0, 0],
          [0, small, 0],
          [0, 0, 0],
        ]),
        B,
      );
      const theta = new Float64Array(18);
      W.forEach((r, k) => r.forEach((v, c) => (theta[k * 3 + c] = v)));
      // Act
      const e = extraBlockCurvature(red, ce, theta, 1, 'js');
      // Assert
      expect(e.rank, `s = ${small}`).toBe(rank);
      expect(e.converged, `s = ${small}`).toBe(true);
      const lmax = Math.abs(e.lambdaMax);
      const certified = e.rayleigh - e.residual - 8 * (3 + 3) * 2 ** -53 * lmax;
      if (e.defect === 0) {
        expect(rank).toBe(1);
        expect(e.mu).toBe(certified);
      } else {
        // δ_P visible (≫ u) and the Weyl slack subtracted on top of the rounding term
        expect(e.defect).toBeGreaterThan(1e-12);
        expect(e.mu).toBeLessThanOrEqual(certified - (2 + e.defect) * e.defect * lmax);
      }
    }
  });

  it('should evaluate the softmax gradient at logits of 500 without overflow (shifted by the max)', () => {
    // Arrange: K = 2, N = 1, z = (500, 0), label 0: G = (−e⁻⁵⁰⁰, e⁻⁵⁰⁰)/(1 + e⁻⁵⁰⁰) = ±e⁻⁵⁰⁰ to rounding
    const G = new Float64Array(2),
      E = new Float64Array(2);
    // Act
    softmaxGradientBound(2, 1, Float64Array.from([500, 0]), new Int32Array([0]), G, E);
    // Assert: within a few ulps of e⁻⁵⁰⁰, and the bound finite and small against it
    const t = Math.exp(-500);
    expect(Math.abs((G[0] as number) + t)).toBeLessThanOrEqual(4 * Number.EPSILON * t);
    expect(Math.abs((G[1] as number) - t)).toBeLessThanOrEqual(4 * Number.EPSILON * t);
    expect(E[0]).toBeLessThan(1e-10 * t);
    expect(E[1]).toBeLessThan(1e-10 * t);
  });

  it('should be inconclusive below d = K − 1, where the convex KKT test fails at the minimizer', () => {
    // Arrange: CE, K = 4, d = 1
    const p = parseUfmProblem({ loss: 'ce', K: 4, d: 1, n: 1, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: false });
    // Act
    const r = certifiedMinimizer(p, { seed: 1, loss: ce, starts: 1 });
    // Assert
    expect(isCertified(r)).toBe(false);
    if (isCertified(r)) return;
    expect(r.why).toMatch(
      /^start 0 reached a non-global critical point: ‖G‖₂ = \S+ > √\(λ_Wλ_H\) \+ τ = 1\.0000\d\de-2$/,
    );
  });

  it('should certify μ no larger than the Rayleigh quotient minus the residual and the rounding term', () => {
    // Arrange
    const p = parseUfmProblem({ loss: 'ce', K: 3, d: 4, n: 2, lambdaW: 0.01, lambdaH: 0.02, lambdaB: 0, bias: true });
    const theta = solveUfm(p, { seed: 4, loss: ce }).result.theta;
    const dim = 2 * 3 * 4 + 3;
    // Act
    const c = restrictedCurvature(p, ce, theta, 4);
    // Assert: the projector's slack (≥ 0) comes on top, evaluated in the same order as the module doc's formula
    expect(c.muCollapsed).toBeLessThanOrEqual(c.rayleigh - c.residual - 8 * dim * 2 ** -53 * Math.abs(c.lambdaMax));
    expect(c.muCollapsed).toBeGreaterThan(0);
  });
});
