/**
 * The Newton–Kantorovich step of certifiedMinimizer (certified.ts, module doc item 2; tolerance.ts): δ = 2ε/μ bounds
 * the distance to a critical point only when h = ρε/μ² ≤ ½, with ρ the Hessian-Lipschitz bound at the point. Pinned
 * here (issue 9 item 5, survivors of the mutation run):
 * - next to the collapse threshold κ = K√(nλ_Wλ_H) = 1 (THEORY.md §1.1, §2.1) the curvature modulo symmetry
 *   vanishes like 1 − κ while the rounding floor ε of the gradient does not, so h > ½ there and the instance is
 *   INCONCLUSIVE with the Kantorovich reason — a numerical failure is never a pass;
 * - a loss without a Hessian-Lipschitz bound (a catalogue member such as ls(0.1)) records "not checked" and ρ = null,
 *   on the direct and on the rank-reduced route, and its KKT allowance uses the local ×2 estimate of L_ℓ;
 * - after the lift of the rank-reduced route (rankReduction.ts), ρ is the bound at the d′ = K point with its rigorous
 *   spectral norms (CertifyOptions.spectralNorms, which that route turns on), h = ρε/μ² with μ = min(μ′, μ_B), and
 *   μ_collapsed is min(μ′_collapsed, μ_B).
 */
import { describe, expect, it } from 'vitest';
import { certifiedMinimizer, isCertified, pointNorms } from '../../../../src/certified/ufm/certified.ts';
import { rankReducedProblem } from '../../../../src/certified/ufm/rankReduction.ts';
import { hessianLipschitzBound } from '../../../../src/certified/ufm/tolerance.ts';
import { ce, lossById, mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem, ufmLayout } from '../../../../src/models/index.ts';
import type { UfmProblem } from '../../../../src/models/index.ts';

/** θ′ of the d′ problem from the lifted θ = ([W′ 0], [H′; 0], b) (rankReduction.ts liftPoint, read backwards). */
function unlift(problem: UfmProblem, reduced: UfmProblem, theta: Float64Array): Float64Array {
  const L = ufmLayout(problem),
    R = ufmLayout(reduced);
  const out = new Float64Array(R.dim);
  for (let k = 0; k < L.K; k++)
    for (let c = 0; c < R.d; c++) out[R.offW + k * R.d + c] = theta[L.offW + k * L.d + c] as number;
  for (let i = 0; i < R.d * L.N; i++) out[R.offH + i] = theta[L.offH + i] as number;
  if (L.hasBias) for (let k = 0; k < L.K; k++) out[R.offB + k] = theta[L.offB + k] as number;
  return out;
}

describe('the Newton–Kantorovich condition of certifiedMinimizer', () => {
  it('should be inconclusive just below the collapse threshold κ = 1, where μ → 0 faster than the rounding floor ε', () => {
    for (const [id, loss] of [
      ['mse', mse],
      ['ce', ce],
    ] as const) {
      // Arrange: K = 3, n = 1, λ_W = λ_H = λ, so κ = 3λ; κ = 1 − 10⁻⁹ (a non-zero minimizer exists, barely)
      const lam = (1 - 1e-9) / 3;
      const p = parseUfmProblem({ loss: id, K: 3, d: 3, n: 1, lambdaW: lam, lambdaH: lam, lambdaB: 0, bias: false });
      // Act
      const r = certifiedMinimizer(p, { seed: 1, loss, starts: 1 });
      // Assert (one start: another seed may stop one step earlier, at a μ the Lanczos bound cannot certify positive)
      expect(isCertified(r), id).toBe(false);
      if (isCertified(r)) return;
      expect(r.why, id).toMatch(
        /^distance bound not established: Newton–Kantorovich needs ρε\/μ² ≤ ½, got \S+ \(ε = \S+, μ = \S+, ρ ≤ \S+\): the curvature is too small for the gradient the rounding allows$/,
      );
      const ev = r.details as Record<string, number>;
      expect(ev['start'], id).toBe(0);
      const mu = ev['mu'] as number;
      expect(mu, id).toBeGreaterThan(0);
      // μ is far below λ (it vanishes at κ = 1): it is the curvature, not the weight decay, that fails the check
      expect(mu, id).toBeLessThan(1e-6 * lam);
      const h = ((ev['hessianLipschitz'] as number) * (ev['gradBound'] as number)) / (mu * mu);
      expect(ev['kantorovichH'], id).toBe(h);
      expect(h, id).toBeGreaterThan(0.5);
      expect(ev['delta'], id).toBe((2 * (ev['gradBound'] as number)) / mu);
    }
  });

  it('should certify the same instance away from the threshold with h ≤ ½ recorded (κ = 0.99)', () => {
    // Arrange
    const lam = 0.99 / 3;
    const p = parseUfmProblem({ loss: 'mse', K: 3, d: 3, n: 1, lambdaW: lam, lambdaH: lam, lambdaB: 0, bias: false });
    // Act
    const cp = certifiedMinimizer(p, { seed: 1, loss: mse, starts: 1 });
    // Assert
    if (!isCertified(cp)) throw new Error(`not certified: ${cp.why}`);
    const h = cp.evidence['kantorovichH'] as number;
    expect(h).toBeLessThanOrEqual(0.5);
    expect(h).toBe(((cp.evidence['hessianLipschitz'] as number) * cp.gradBound) / cp.curvature.mu ** 2);
  });
});

describe('a loss without a Hessian-Lipschitz bound', () => {
  it("should record the Kantorovich check as not checked and ρ as null, directly and after the lift ('on')", () => {
    // Arrange: label smoothing ε = 0.1, a catalogue loss with neither a global L_ℓ nor a ρ bound in tolerance.ts
    const loss = lossById('ls(0.1)');
    const p = parseUfmProblem({
      loss: loss.id,
      K: 3,
      d: 5,
      n: 1,
      lambdaW: 0.05,
      lambdaH: 0.05,
      lambdaB: 0,
      bias: true,
    });
    for (const rankReduction of ['off', 'on'] as const) {
      // Act
      const cp = certifiedMinimizer(p, { seed: 1, loss, rankReduction });
      // Assert
      if (!isCertified(cp)) throw new Error(`${rankReduction}: not certified: ${cp.why}`);
      expect(cp.evidence['kantorovichH'], rankReduction).toBe('not checked (no Hessian-Lipschitz bound for this loss)');
      expect(cp.evidence['hessianLipschitz'], rankReduction).toBeNull();
      expect(cp.evidence['gradLipschitzSource'], rankReduction).toBe('local estimate ×2');
      expect(cp.evidence['rankReduced'] !== undefined, rankReduction).toBe(rankReduction === 'on');
    }
  });
});

describe('the lifted certificate of the rank-reduced route', () => {
  it('should take ρ at the d′ = K point with its spectral norms and recompute h, δ with μ = min(μ′, μ_B)', () => {
    // Arrange: CE with a bias, K = 3, d = 5, one sample per class (reducible), the reduction forced
    const p = parseUfmProblem({ loss: 'ce', K: 3, d: 5, n: 1, lambdaW: 0.05, lambdaH: 0.05, lambdaB: 0, bias: true });
    const reduced = rankReducedProblem(p);
    // Act
    const cp = certifiedMinimizer(p, { seed: 1, loss: ce, rankReduction: 'on' });
    // Assert
    if (!isCertified(cp)) throw new Error(`not certified: ${cp.why}`);
    const rr = cp.evidence['rankReduced'] as Record<string, number>;
    const mu = Math.min(rr['muReduced'] as number, rr['muExtraBlock'] as number);
    expect(cp.curvature.mu).toBe(mu);
    expect(cp.delta).toBe((2 * cp.gradBound) / mu);
    const thetaR = unlift(p, reduced, cp.theta);
    const spectral = hessianLipschitzBound('ce', pointNorms(reduced, ce, thetaR, true), cp.delta) as number;
    const frobenius = hessianLipschitzBound('ce', pointNorms(reduced, ce, thetaR, false), cp.delta) as number;
    expect(cp.evidence['hessianLipschitz']).toBe(spectral);
    // The spectral norms make a difference here (‖W‖₂ < ‖W‖_F at a rank-2 W), so the route is observable
    expect(spectral).toBeLessThan(frobenius);
    expect(cp.evidence['kantorovichH']).toBe((spectral * cp.gradBound) / (mu * mu));
    // μ_collapsed: the reduced point's, capped by the extra block's curvature
    expect(cp.curvature.muCollapsed).toBe(Math.min(cp.evidence['muCollapsed'] as number, rr['muExtraBlock'] as number));
  });
});
