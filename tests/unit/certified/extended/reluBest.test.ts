/**
 * The certified best point of the ReLU multistart (src/certified/extended/reluBest.ts; Tirer & Bruna 2022, Thm 4.2;
 * THEORY.md §2.5): the documented tolerances on hand-made points (closed-form nuclear norms, class means and
 * products), the choice of the best run on synthetic run lists (only the order, the status and the value decide
 * which run is tried), and the fields of the seeded multistart's summary.
 */
import { describe, expect, it } from 'vitest';
import type { CertifiedRelu, ReluRun } from '../../../../src/certified/index.ts';
import {
  certifiedReluBest,
  nuclearNormHypothesis,
  reluBestValue,
  reluMultistart,
  reluOf,
  reluStructure,
  reluValueRounding,
} from '../../../../src/certified/index.ts';
import { productTolerance, valueTolerance } from '../../../../src/certified/ufm/tolerance.ts';
import type { ExtendedProblem } from '../../../../src/models/index.ts';
import { extendedLayout } from '../../../../src/models/index.ts';
import { predictExtended } from '../../../../src/theory/index.ts';

const U = 2 ** -53;

/** K = 2, d = 2, n = 1, below the threshold: the seeded multistart takes ~15 ms (3 starts). */
const tiny: ExtendedProblem = { K: 2, d: 2, counts: [1, 1], lambdaW2: 0.1, lambdaW1: 0.1, lambdaH1: 0.1 };

/** K = 2, d = 3, n = 2 with three different λ (the largest is λ_H1), below the threshold (~100 ms, 4 starts). */
const small: ExtendedProblem = { K: 2, d: 3, counts: [2, 2], lambdaW2: 0.08, lambdaW1: 0.09, lambdaH1: 0.1 };

/** K = 2, d = 2, n = 1 above the threshold (f*_lin = 1/2 at the origin, the lifted start). */
const above: ExtendedProblem = { K: 2, d: 2, counts: [1, 1], lambdaW2: 0.2, lambdaW1: 0.2, lambdaH1: 0.2 };

/** A synthetic run: certifyReluRun rejects any status but 'converged' before touching θ. */
function run(start: number, value: number, status: ReluRun['status'] = 'max-iter'): ReluRun {
  return { start, kind: 'continuation', status, value, gradNorm: 1e-3, theta: new Float64Array(12), minAbsPre: 0 };
}

/** A certified point at θ = [W₂ | W₁ | H₁] (row-major blocks) with the given certificate radii. */
function pointAt(p: ExtendedProblem, theta: Float64Array, delta: number, kinkRadius: number): CertifiedRelu {
  const r: ReluRun = { start: 0, kind: 'lifted', status: 'converged', value: 0, gradNorm: 0, theta, minAbsPre: 0 };
  const cert = { run: r, mu: 1, delta, tauFlat: 0, flat: 0, lambdaMax: 1, kinkRadius, evidence: {} };
  return { p, pred: predictExtended(p), cert, valueTol: 0, evidence: {} };
}

describe('reluValueRounding (module doc: m·u·(|f| + ‖θ‖²·max λ + 1) + 16u)', () => {
  it('should count m = K·N + K·d + d² + d·N terms and use |f| and the largest λ, whichever block it is', () => {
    // Arrange: K = 2, d = 3, N = 4: m = 8 + 6 + 9 + 12 = 35; ‖θ‖² = 3² + 4² = 25; f = −2 (|f| = 2)
    const base = { K: 2, d: 3, counts: [2, 2] };
    const theta = new Float64Array(extendedLayout({ ...base, lambdaW2: 0, lambdaW1: 0, lambdaH1: 0 }).dim);
    theta[0] = 3;
    theta[5] = 4;
    const lambdas = [
      { lambdaW2: 0.1, lambdaW1: 0.01, lambdaH1: 0.02 },
      { lambdaW2: 0.01, lambdaW1: 0.1, lambdaH1: 0.02 },
      { lambdaW2: 0.01, lambdaW1: 0.02, lambdaH1: 0.1 },
    ];
    // Act
    const got = lambdas.map((l) => reluValueRounding({ ...base, ...l }, { theta, value: -2 }));
    // Assert: 35·u·(2 + 25·0.1 + 1) + 16u = 208.5u for each (the max λ is 0.1 in every block)
    for (const g of got) expect(g / U).toBeCloseTo(35 * 5.5 + 16, 9);
  });
});

describe('reluOf (σ entrywise)', () => {
  it('should zero the negative entries, keep the rest and the shape, and leave the input alone', () => {
    // Arrange
    const P = { rows: 2, cols: 3, data: Float64Array.from([1, -2, 0, 3, -0.5, 4]) };
    // Act
    const A = reluOf(P);
    // Assert
    expect([A.rows, A.cols]).toEqual([2, 3]);
    expect(Array.from(A.data)).toEqual([1, 0, 0, 3, 0, 4]);
    expect(Array.from(P.data)).toEqual([1, -2, 0, 3, -0.5, 4]);
  });
});

describe('certifiedReluBest on synthetic runs (steps 1–2 of the module doc)', () => {
  it('should be inconclusive with "no polished start" when only the lifted start or non-finite runs exist', () => {
    // Arrange: the lifted start sits on kinks; a NaN value is no candidate
    const lifted: ReluRun = { ...run(0, 0.1, 'converged'), kind: 'lifted' };
    // Act
    const v = certifiedReluBest(tiny, [lifted, run(1, Number.NaN), run(2, Number.POSITIVE_INFINITY)]);
    // Assert
    expect('status' in v && v.status).toBe('inconclusive');
    if (!('status' in v)) return;
    expect(v.why).toBe('no polished start');
    expect(v.details).toEqual({ runs: [] });
  });

  it('should try the lowest value first whatever the order, and only the runs within 1e-8·max(1, |f|) of it', () => {
    // Arrange: values 2, 1 + 2e-8, 1 + 5e-9, 1 in that order, none converged
    const runs = [run(7, 2), run(6, 1 + 2e-8), run(5, 1 + 5e-9), run(4, 1)];
    // Act
    const v = certifiedReluBest(tiny, runs);
    // Assert: starts 4 and 5 are equally best (and tried in value order); 6 is 2e-8 above: not tried
    expect('status' in v && v.status).toBe('inconclusive');
    if (!('status' in v)) return;
    expect(v.why).toBe(
      "no best run could be certified: start 4 (continuation) ended 'max-iter' with ‖∇f‖ = 1.00e-3; start 5 (continuation) ended 'max-iter' with ‖∇f‖ = 1.00e-3",
    );
    expect((v.details?.['runs'] as unknown[]).length).toBe(4);
  });

  it('should scale the equally-best window with |f| when |f| > 1', () => {
    // Arrange: at f = 100 the window is 1e-6: 100 + 5e-7 is inside it, 100 + 2e-6 is not
    const inside = certifiedReluBest(tiny, [run(1, 100), run(2, 100 + 5e-7)]);
    const outside = certifiedReluBest(tiny, [run(1, 100), run(2, 100 + 2e-6)]);
    // Assert
    expect('why' in inside && inside.why).toContain('start 2');
    expect('why' in outside && outside.why).not.toContain('start 2');
    expect('why' in outside && outside.why).toContain('start 1');
  });

  it('should count a run exactly at the edge of the window (f + 1e-8·max(1, |f|)) as equally best', () => {
    // Arrange: the edge computed as the module doc writes it, for f = 1 and f = 100
    const at1 = certifiedReluBest(tiny, [run(1, 1), run(2, 1 + 1e-8 * 1)]);
    const at100 = certifiedReluBest(tiny, [run(1, 100), run(2, 100 + 1e-8 * 100)]);
    // Assert
    expect('why' in at1 && at1.why).toContain('start 2');
    expect('why' in at100 && at100.why).toContain('start 2');
  });

  it('should report only the first two reasons when more equally-best runs fail', () => {
    // Act
    const v = certifiedReluBest(tiny, [run(1, 1), run(2, 1), run(3, 1)]);
    // Assert
    expect('why' in v && v.why).toContain('start 2');
    expect('why' in v && v.why).not.toContain('start 3');
  });
});

describe('certifiedReluBest on the seeded multistart', () => {
  const runs = reluMultistart(tiny, { starts: 3, seed: 1 });
  const pred = predictExtended(tiny);

  it('should certify the lowest run at f*_lin, and put f*_lin, the gap and the run summary in the evidence', () => {
    // Act
    const c = certifiedReluBest(tiny, runs);
    // Assert
    expect('cert' in c).toBe(true);
    if (!('cert' in c)) return;
    const polished = runs.filter((r) => r.kind !== 'lifted');
    const lowest = Math.min(...polished.map((r) => r.value));
    expect(c.cert.run.value).toBe(lowest);
    expect(c.cert.run.kind).not.toBe('lifted');
    expect(c.p).toBe(tiny);
    expect(c.pred).toEqual(pred);
    expect(c.valueTol).toBeGreaterThan(0);
    expect(Math.abs(c.cert.run.value - pred.fStar)).toBeLessThanOrEqual(c.valueTol);
    expect(c.evidence['fLin']).toBe(pred.fStar);
    expect(c.evidence['gap']).toBe(c.cert.run.value - pred.fStar);
    expect(c.evidence['start']).toBe(c.cert.run.start);
    expect(c.evidence['runs']).toEqual(
      polished.map((r) => ({
        kind: r.kind,
        status: r.status,
        gap: r.value - pred.fStar,
        gradNorm: r.gradNorm,
        minAbsPre: r.minAbsPre,
      })),
    );
  });

  it('should skip an equally-best run that does not certify and use the next one', () => {
    // Arrange: an unconverged copy of the best run, listed first at the same value
    const c0 = certifiedReluBest(tiny, runs);
    if (!('cert' in c0)) throw new Error(`expected a certificate: ${c0.why}`);
    const best = c0.cert.run;
    // Act
    const c = certifiedReluBest(tiny, [{ ...best, start: 9, status: 'max-iter' }, best]);
    // Assert
    expect('cert' in c && c.cert.run).toBe(best);
  });

  it('should be inconclusive when the best certified value is above f*_lin + tol (not a global minimizer)', () => {
    // Arrange: the certificate reads θ, ‖∇f‖ and the status, so the same point reported 0.01 higher still certifies
    const c0 = certifiedReluBest(tiny, runs);
    if (!('cert' in c0)) throw new Error(`expected a certificate: ${c0.why}`);
    const high = { ...c0.cert.run, value: pred.fStar + 0.01 };
    // Act
    const v = certifiedReluBest(tiny, [high]);
    // Assert
    expect('status' in v && v.status).toBe('inconclusive');
    if (!('status' in v)) return;
    expect(v.why).toMatch(/^the search did not reach f\*_lin: best certified value exceeds it by 1\.000e-2 \(> tol /);
    expect(v.details?.['gap']).toBeCloseTo(0.01, 12);
    expect(v.details?.['fLin']).toBe(pred.fStar);
  });
});

describe('reluBestValue (relu.upper-bound: the lowest finite value of the multistart)', () => {
  it('should keep the lowest value, its rounding allowance, f*_lin and the summary of the search', () => {
    // Arrange
    const runs = reluMultistart(tiny, { starts: 3, seed: 1 });
    const fLin = predictExtended(tiny).fStar;
    // Act
    const b = reluBestValue(tiny, 3, 1);
    // Assert
    const lowest = Math.min(...runs.map((r) => r.value));
    const searchLowest = Math.min(...runs.filter((r) => r.kind !== 'lifted').map((r) => r.value));
    expect(b.best.value).toBe(lowest);
    expect(b.fLin).toBe(fLin);
    expect(b.tol).toBe(reluValueRounding(tiny, b.best));
    expect(b.details).toEqual({
      fLin,
      bestStart: b.best.start,
      bestKind: b.best.kind,
      searchBestGap: searchLowest - fLin,
      searchReached: true,
      runs: runs.map((r) => ({
        kind: r.kind,
        status: r.status,
        gap: r.value - fLin,
        gradNorm: r.gradNorm,
        minAbsPre: r.minAbsPre,
      })),
    });
  });
});

describe('certifiedReluBest: the value tolerance and its boundary', () => {
  const runs = reluMultistart(small, { starts: 4, seed: 4 });
  const pred = predictExtended(small);
  const c0 = certifiedReluBest(small, runs);

  /** valueTolerance (tolerance.ts) with m = K·N + K·d + d² + d·N = 8 + 6 + 9 + 12 = 35 and max λ = λ_H1 = 0.1. */
  function tolAt(r: ReluRun, mu: number): number {
    let thetaSq = 0;
    for (const x of r.theta) thetaSq += x * x;
    return valueTolerance(r.value, r.gradNorm, mu, 35, thetaSq, 0.1);
  }

  it('should compare the value with valueTolerance over the m terms of f and the largest λ', () => {
    // Assert
    if (!('cert' in c0)) throw new Error(`expected a certificate: ${c0.why}`);
    expect(c0.valueTol).toBe(tolAt(c0.cert.run, c0.cert.mu));
  });

  it('should accept a value exactly at f*_lin + tol (≤) and refuse the next double up', () => {
    // Arrange: the certificate reads θ, ‖∇f‖ and the status only; find v = f*_lin + tol(v) by fixed-point iteration
    // (tol depends on |v| only through m·u·|v|, so it settles within a few steps)
    if (!('cert' in c0)) throw new Error(`expected a certificate: ${c0.why}`);
    const best = c0.cert.run;
    let v = pred.fStar;
    for (let i = 0; i < 20 && v !== pred.fStar + tolAt({ ...best, value: v }, c0.cert.mu); i++)
      v = pred.fStar + tolAt({ ...best, value: v }, c0.cert.mu);
    expect(v).toBe(pred.fStar + tolAt({ ...best, value: v }, c0.cert.mu));
    // Act
    const atBoundary = certifiedReluBest(small, [{ ...best, value: v }]);
    const past = certifiedReluBest(small, [{ ...best, value: v + 1e-9 }]);
    // Assert
    expect('cert' in atBoundary).toBe(true);
    expect('status' in past && past.status).toBe('inconclusive');
  });

  it('should report the first start reaching the lowest value as the best (ties keep the earlier start)', () => {
    // Arrange: at this seed starts 1–3 end at the same double, below the lifted start's value
    const lowest = Math.min(...runs.map((r) => r.value));
    const first = runs.find((r) => r.value === lowest);
    expect(runs.filter((r) => r.value === lowest).length).toBeGreaterThan(1);
    // Act
    const b = reluBestValue(small, 4, 4);
    // Assert
    expect(b.best.start).toBe(first?.start);
    expect(b.details['bestStart']).toBe(first?.start);
  });
});

describe('above the threshold, where the search ends above f*_lin = 1/2 (K = 2, d = 2, n = 1, λ = 0.2, seed 1)', () => {
  it('should keep the lifted origin as the best value but report that the search did not reach f*_lin', () => {
    // Act
    const b = reluBestValue(above, 3, 1);
    // Assert: the origin has f = 1/2 = f*_lin; both continuation starts end ~1.5e-3 and ~3e-3 above it
    expect(b.best.kind).toBe('lifted');
    expect(b.best.value).toBe(0.5);
    expect(b.fLin).toBe(0.5);
    expect(b.details['searchReached']).toBe(false);
    expect(b.details['searchBestGap']).toBeGreaterThan(1e-3);
    expect(b.details['searchBestGap']).toBeLessThan(2e-3);
  });

  it('should certify the best searched point as a smooth local minimum and refuse it as global (above f*_lin)', () => {
    // Act
    const v = certifiedReluBest(above, reluMultistart(above, { starts: 3, seed: 1 }));
    // Assert
    expect('status' in v && v.status).toBe('inconclusive');
    if (!('status' in v)) return;
    expect(v.why).toMatch(/^the search did not reach f\*_lin: best certified value exceeds it by 1\.48\de-3 /);
    expect(v.details?.['kind']).toBe('continuation');
  });
});

describe('nuclearNormHypothesis (step 3: ‖σ(P)‖_* = ‖P‖_* up to τ_nn = 2√r·ΔP + 20·r·max(d, N)·u·‖P‖_*)', () => {
  // K = 2, d = 2, n = 1; W₁ = I, H₁ = [[1, −1], [1, 1]]: P = H₁ has singular values √2, √2 (‖P‖_* = 2√2) and
  // σ(P) = [[1, 0], [1, 1]] has σᵢ² = (3 ± √5)/2, i.e. σ = φ, 1/φ (‖σ(P)‖_* = φ + 1/φ = √5).
  const theta = Float64Array.from([0, 0, 0, 0, 1, 0, 0, 1, 1, -1, 1, 1]);
  const gap = Math.sqrt(5) - 2 * Math.sqrt(2);

  it('should fail the hypothesis when the gap exceeds the tolerance', () => {
    // Act: ΔP = 1e-3: τ = 2√2·1e-3 + 80u·2√2 ≈ 2.8e-3 < |gap| ≈ 0.59
    const h = nuclearNormHypothesis(pointAt(tiny, theta, 0, 1e-3));
    // Assert
    expect(h.gap).toBeCloseTo(gap, 14);
    expect(h.tol).toBeCloseTo(2 * Math.sqrt(2) * 1e-3 + 80 * U * 2 * Math.sqrt(2), 15);
    expect(h.holds).toBe(false);
  });

  it('should hold when the kink radius covers the gap', () => {
    // Act / Assert: τ = 2√2·ΔP + 80u·2√2; at ΔP = 0.25, τ ≈ 0.71 > 0.59; at ΔP = 0.2, τ ≈ 0.566 < 0.59
    expect(nuclearNormHypothesis(pointAt(tiny, theta, 0, 0.25)).holds).toBe(true);
    expect(nuclearNormHypothesis(pointAt(tiny, theta, 0, 0.2)).holds).toBe(false);
  });

  it('should hold at the origin, where both nuclear norms and the tolerance are 0 (|gap| ≤ tol)', () => {
    // Act
    const h = nuclearNormHypothesis(pointAt(tiny, new Float64Array(12), 0, 0));
    // Assert
    expect([h.gap, h.tol, h.holds]).toEqual([0, 0, true]);
  });

  it('should use r = min(d, N) and max(d, N) for a wide P', () => {
    // Arrange: d = 2, N = 4 (n = 2): H₁ = [H, H] duplicates each column, W₁ = I, so r = 2, max = 4:
    // P = [[1, −1, 1, −1], [1, 1, 1, 1]] has ‖P‖_* = √2·2√2 = 4, σ(P) has ‖·‖_* = √2·√5
    const p: ExtendedProblem = { K: 2, d: 2, counts: [2, 2], lambdaW2: 0.1, lambdaW1: 0.1, lambdaH1: 0.1 };
    const t = Float64Array.from([0, 0, 0, 0, 1, 0, 0, 1, 1, -1, 1, -1, 1, 1, 1, 1]);
    // Act
    const h = nuclearNormHypothesis(pointAt(p, t, 0, 1e-3));
    // Assert
    expect(h.gap).toBeCloseTo(Math.sqrt(10) - 4, 14);
    expect(h.tol).toBeCloseTo(2 * Math.sqrt(2) * 1e-3 + 20 * 2 * 4 * U * 4, 15);
    expect((h.tol - 2 * Math.sqrt(2) * 1e-3) / U).toBeCloseTo(640, 6);
  });

  it('should hold at the certified best point of the seeded multistart (THEORY.md §2.5 observation)', () => {
    // Arrange
    const c = certifiedReluBest(tiny, reluMultistart(tiny, { starts: 3, seed: 1 }));
    if (!('cert' in c)) throw new Error(`expected a certificate: ${c.why}`);
    // Act
    const h = nuclearNormHypothesis(c);
    // Assert
    expect(h.holds).toBe(true);
    expect(Math.abs(h.gap)).toBeLessThanOrEqual(h.tol);
    expect(h.tol).toBeGreaterThanOrEqual(2 * Math.sqrt(2) * c.cert.kinkRadius);
  });
});

describe('reluStructure (the Thm 4.2 comparisons and their tolerances, module doc)', () => {
  // K = 2, d = 2, n = 2. W₂ = [[0, 1], [1, 0]], W₁ = diag(1, −1), H₁ = [[1, 3, 0, 0], [0, 0, 2, 4]]:
  // H̄₁ = [[2, 0], [0, 3]], P = W₁H̄₁ = diag(2, −3), σ(P) = diag(2, 0), Z = W₂σ(P) = [[0, 0], [2, 0]];
  // ‖H₁ − H̄₁ ⊗ 1ᵀ‖_F² = 1 + 1 + 1 + 1 = 4.
  const p: ExtendedProblem = { K: 2, d: 2, counts: [2, 2], lambdaW2: 0.1, lambdaW1: 0.1, lambdaH1: 0.1 };
  const theta = Float64Array.from([0, 1, 1, 0, 1, 0, 0, -1, 1, 3, 0, 0, 0, 0, 2, 4]);
  const delta = 1e-3;
  const s = reluStructure(pointAt(p, theta, delta, 0));

  it('should measure σ(W₁H̄₁), the NC1 distance and ‖Z − s·I‖_F at the point', () => {
    // Assert
    expect(Array.from(s.parts.Hbar.data)).toEqual([2, 0, 0, 3]);
    expect(Array.from(s.parts.P.data)).toEqual([2, 0, 0, -3]);
    expect(Array.from(s.A.data)).toEqual([2, 0, 0, 0]);
    expect(Array.from(s.parts.Z.data)).toEqual([0, 0, 2, 0]);
    expect(s.nc1).toBe(2);
    expect(s.zDistance(0)).toBe(2);
    expect(s.zDistance(2)).toBeCloseTo(Math.sqrt(12), 15);
    expect(s.zDistance(-1)).toBeCloseTo(Math.sqrt(6), 15);
  });

  it('should derive the tolerances from δ: aTol, zTol by productTolerance, nc1Tol = δ + 4n·u·‖H₁‖_F', () => {
    // Arrange: ‖W₁‖ = √2, ‖H̄₁‖ = √13, ‖W₂‖ = √2, ‖σ(P)‖ = 2, ‖H₁‖ = √30
    const aTol = productTolerance(Math.sqrt(2), Math.sqrt(13), delta, 2, 2);
    const zTol = productTolerance(Math.sqrt(2), 2, Math.max(delta, aTol), 2, 2) + 8 * U * predictExtended(p).sigmaStar;
    // Assert
    expect(aTol).toBeGreaterThan(delta);
    expect(s.aTol).toBeCloseTo(aTol, 15);
    expect(s.zTol).toBeCloseTo(zTol, 15);
    // (s.nc1Tol − δ is read to the spacing of doubles near δ = 1e-3, 2⁻⁶²; the rounding term alone: next test)
    expect(s.nc1Tol - delta).toBeCloseTo(8 * U * Math.sqrt(30), 18);
  });

  it('should keep the rounding terms of the tolerances at δ = 0 (K(d + 2)u·ab and 4Ku·σ*)', () => {
    // Arrange: at δ = 0 only rounding is left: aTol = d(d + 2)u·√2·√13, zTol = (√2 + 2)·aTol + aTol² +
    // K(d + 2)u·√2·2 + 4Ku·σ*, nc1Tol = 4n·u·√30 — all a few hundred u, compared in units of u
    const s0 = reluStructure(pointAt(p, theta, 0, 0));
    const aTol = productTolerance(Math.sqrt(2), Math.sqrt(13), 0, 2, 2);
    const zTol = productTolerance(Math.sqrt(2), 2, aTol, 2, 2) + 8 * U * predictExtended(p).sigmaStar;
    // Assert
    expect(s0.aTol / U).toBeCloseTo(8 * Math.sqrt(26), 9);
    expect(s0.zTol / U).toBeCloseTo(zTol / U, 9);
    expect(s0.nc1Tol / U).toBeCloseTo(8 * Math.sqrt(30), 9);
    expect(aTol / U).toBeCloseTo(8 * Math.sqrt(26), 9);
  });
});
