/**
 * What certifiedMinimizer (certified.ts) reports and how it treats its starts: the evidence names the start and its
 * seed (seed + 7919·s mod 2³², so the run can be replayed), a start whose solver does not converge is inconclusive
 * with the solver's status and the next start is tried, and the polish runs on the class-mean reduction only for
 * the 'auto' solver (module doc, item 1): a point solved on the full objective keeps its within-class spread, so its
 * curvature is capped at λ_H (curvature.ts), while the 'auto' point is exactly collapsed.
 */
import { describe, expect, it } from 'vitest';
import { certifiedMinimizer, isCertified } from '../../../../src/certified/ufm/certified.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';

describe('certifiedMinimizer evidence and starts', () => {
  it('should record the start, its seed, the solver and its status in the evidence', () => {
    // Arrange
    const p = parseUfmProblem({ loss: 'ce', K: 3, d: 3, n: 2, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: true });
    // Act
    const cp = certifiedMinimizer(p, { seed: 5, loss: ce });
    // Assert
    if (!isCertified(cp)) throw new Error(`not certified: ${cp.why}`);
    expect(cp.start).toBe(0);
    expect(cp.evidence).toMatchObject({ start: 0, seed: 5, solver: 'auto', status: 'converged' });
    expect(cp.evidence['iterations']).toBeGreaterThan(0);
    expect(cp.evidence['gradNormSolver']).toBeLessThanOrEqual(1e-10);
  });

  it("should try every start when no solver run converges and report the last one's status and seed", () => {
    // Arrange: tol = 0 cannot be reached, so each Newton run ends 'max-iter'
    const p = parseUfmProblem({ loss: 'ce', K: 2, d: 1, n: 1, lambdaW: 0.05, lambdaH: 0.05, lambdaB: 0, bias: false });
    // Act
    const r = certifiedMinimizer(p, { seed: 2 ** 32 - 7919, loss: ce, solver: 'newton', tol: 0, starts: 2 });
    // Assert: start 1 has seed (2³² − 7919 + 7919) mod 2³² = 0
    expect(isCertified(r)).toBe(false);
    if (isCertified(r)) return;
    expect(r.status).toBe('inconclusive');
    expect(r.why).toMatch(/^solver newton ended 'max-iter' with ‖∇f‖ = \S+ > 0$/);
    expect(r.details).toMatchObject({ start: 1, seed: 0, solver: 'newton', status: 'max-iter' });
  });

  it("should polish on the class-mean reduction only for 'auto': a Newton point on the full objective stays uncollapsed, μ ≤ λ_H", () => {
    // Arrange: MSE, where μ_collapsed ≈ 3.8·10⁻³ exceeds λ_H = 10⁻³ (curvatureCollapsed.test.ts)
    const p = parseUfmProblem({ loss: 'mse', K: 2, d: 2, n: 3, lambdaW: 0.05, lambdaH: 1e-3, lambdaB: 0, bias: false });
    for (const solver of ['newton'] as const) {
      // Act
      const cp = certifiedMinimizer(p, { seed: 1, loss: mse, solver });
      // Assert
      if (!isCertified(cp)) throw new Error(`${solver} not certified: ${cp.why}`);
      expect(cp.curvature.collapsed, solver).toBe(false);
      expect(cp.curvature.mu, solver).toBe(p.lambdaH);
    }
    const auto = certifiedMinimizer(p, { seed: 1, loss: mse });
    if (!isCertified(auto)) throw new Error(`auto not certified: ${auto.why}`);
    expect(auto.curvature.collapsed).toBe(true);
    expect(auto.curvature.mu).toBeGreaterThan(p.lambdaH);
  });

  it('should report the compensated bound on the rank-reduced route, no larger than the plain one', () => {
    // Arrange: one sample per class, d > K, reduction forced
    const p = parseUfmProblem({ loss: 'ce', K: 3, d: 5, n: 1, lambdaW: 0.05, lambdaH: 0.05, lambdaB: 0, bias: true });
    // Act
    const cp = certifiedMinimizer(p, { seed: 1, loss: ce, rankReduction: 'on' });
    // Assert
    if (!isCertified(cp)) throw new Error(`not certified: ${cp.why}`);
    const comp = cp.evidence['compensated'] as Record<string, number>;
    for (const k of ['gradNorm', 'errorBound', 'dZ', 'dG', 'dGProp', 'eW', 'eH', 'eB'])
      expect(Number.isFinite(comp[k]), k).toBe(true);
    expect(comp['errorBound']).toBeGreaterThan(0);
    expect(cp.gradBound).toBeLessThanOrEqual(cp.evidence['gradBoundPlain'] as number);
    expect(cp.gradBound).toBeGreaterThanOrEqual(comp['gradNorm'] as number);
  });

  it('should be inconclusive at a point without certified positive curvature (CE with λ_W = 0 has no minimizer)', () => {
    // Arrange: f → 0 as ‖W‖ grows; the solver stops at ‖∇f‖ ≤ 1e-10 on a flat slope, where μ is not positive
    const p = parseUfmProblem({ loss: 'ce', K: 2, d: 2, n: 1, lambdaW: 0, lambdaH: 0.1, lambdaB: 0, bias: false });
    // Act
    const r = certifiedMinimizer(p, { seed: 1, loss: ce, starts: 2 });
    // Assert
    expect(isCertified(r)).toBe(false);
    if (isCertified(r)) return;
    expect(r.why).toMatch(/^curvature modulo symmetry not certified positive \(μ = \S+, converged (true|false)\)$/);
    expect(r.details).toMatchObject({ start: 1 });
  });

  it('should deflate the whole O(d) orbit after the lift: d(d−1)/2 − (d−m)(d−m−1)/2 rotations plus the bias shift', () => {
    // Arrange: CE, K = 3, d = 5, lifted from d′ = 3; at the minimizer rank W = K − 1 = 2 = m, so the orbit has
    // dimension 10 − 3 = 7 (O(5) modulo the O(3) fixing the range), plus the CE bias shift: 8
    const p = parseUfmProblem({ loss: 'ce', K: 3, d: 5, n: 1, lambdaW: 0.05, lambdaH: 0.05, lambdaB: 0, bias: true });
    // Act
    const cp = certifiedMinimizer(p, { seed: 1, loss: ce, rankReduction: 'on' });
    // Assert
    if (!isCertified(cp)) throw new Error(`not certified: ${cp.why}`);
    const rr = cp.evidence['rankReduced'] as Record<string, number>;
    expect(rr['extraRank']).toBe(2);
    expect(cp.curvature.deflated).toBe(8);
    expect(cp.curvature.mu).toBe(Math.min(rr['muReduced'] as number, rr['muExtraBlock'] as number));
    expect(cp.curvature.muCollapsed).toBeLessThanOrEqual(rr['muExtraBlock'] as number);
  });
});
