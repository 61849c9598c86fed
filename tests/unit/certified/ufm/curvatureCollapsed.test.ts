/**
 * restrictedCurvature's two cases (curvature.ts module doc): at an exactly collapsed θ (every h_{k,i} equal to h̄_k,
 * bitwise) μ is the collapsed block's certified curvature; at any other θ the within-class block (⪰ λ_H I) enters
 * and μ = min(μ_collapsed, λ_H). The instance is MSE, K = 2, d = 2, n = 3, λ_W = 0.05, λ_H = 10⁻³, where
 * μ_collapsed ≈ 3.8·10⁻³ > λ_H at the minimizer, so the two cases give different μ.
 */
import { describe, expect, it } from 'vitest';
import { restrictedCurvature } from '../../../../src/certified/ufm/curvature.ts';
import { solveUfm } from '../../../../src/certified/ufm/solve.ts';
import { mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';

const p = parseUfmProblem({ loss: 'mse', K: 2, d: 2, n: 3, lambdaW: 0.05, lambdaH: 1e-3, lambdaB: 0, bias: false });
const offH = 2 * 2;
const N = 6;

describe('curvature modulo symmetry at collapsed and non-collapsed points', () => {
  it("should take the collapsed block's μ at the exactly collapsed minimizer 'auto' returns", () => {
    // Arrange
    const theta = solveUfm(p, { seed: 1, loss: mse }).result.theta;
    // Act
    const c = restrictedCurvature(p, mse, theta, 1);
    // Assert
    expect(c.collapsed).toBe(true);
    expect(c.mu).toBe(c.muCollapsed);
    expect(c.muCollapsed).toBeGreaterThan(p.lambdaH);
  });

  it('should read only the features, not the bias after them, when a learned bias is present', () => {
    // Arrange: the same instance with a free bias; θ = [W | H | b], b's entries right after H's last row
    const pb = parseUfmProblem({ loss: 'mse', K: 2, d: 2, n: 3, lambdaW: 0.05, lambdaH: 1e-3, lambdaB: 0, bias: true });
    const theta = solveUfm(pb, { seed: 1, loss: mse }).result.theta;
    expect(theta.length).toBe(offH + 2 * N + 2);
    // Act
    const c = restrictedCurvature(pb, mse, theta, 1);
    // Assert: collapsed (reading b as a feature row would see b's K entries, and past them, differ from b_0)
    expect(c.collapsed).toBe(true);
    // (with a bias μ_collapsed ≈ 0.96·λ_H here, so the two μ rules coincide: the collapsed flag is what is pinned)
    expect(c.mu).toBe(c.muCollapsed);
  });

  it('should see any one feature moved off its class mean, and then cap μ at λ_H', () => {
    // Arrange
    const theta = solveUfm(p, { seed: 1, loss: mse }).result.theta;
    for (let r = 0; r < 2; r++)
      for (let j = 0; j < N; j++) {
        const moved = theta.slice();
        const i = offH + r * N + j;
        moved[i] = (moved[i] as number) + 1e-9;
        // Act
        const c = restrictedCurvature(p, mse, moved, 1);
        // Assert
        expect(c.collapsed, `feature (${r}, ${j})`).toBe(false);
        expect(c.mu, `feature (${r}, ${j})`).toBe(Math.min(c.muCollapsed, p.lambdaH));
        expect(c.mu).toBe(p.lambdaH);
      }
  });
});
