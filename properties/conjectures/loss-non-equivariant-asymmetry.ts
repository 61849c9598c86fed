/**
 * Conjecture (docs/theory.md §10, "without (E)"): a convex, shift-invariant loss that is NOT permutation-equivariant —
 * class-weighted CE `wce(1,…,1,R)` or logit-adjusted CE `la(τ,1,…,1,π)` with one class singled out — still has simplex
 * ETF global minimizers (NC2). §10 expects the opposite: without (E) the averaging argument fails and the minimizers are
 * generally not a simplex ETF, a minority-collapse-like asymmetry (Fang et al. 2021, arXiv 2101.12699; Menon et al.
 * 2021 for logit adjustment). A *hit* is that asymmetry, certified: a global minimizer (convex KKT test, valid under
 * (C)) whose normalised Gram K·W Wᵀ/tr(W Wᵀ) is farther than η = 1e-3 (plus its certified tolerance) from E_K.
 *
 * Seen (seed 2, budget 40: 23 hits, 17 no-hits): every wce instance is a hit (shrunk to wce(1,1,10), K = 3, d = 3,
 * bias-free: ‖w₃‖² = 2.20 vs 1.05); logit adjustment WITH AN UNREGULARIZED BIAS is a no-hit — its offset τ log π is
 * absorbed by b (b′ = b + τ log π), so la(τ,π) with λ_b = 0 has exactly CE's ETF minimizers although (E) fails: §10's
 * "without (E) not expected" is a sufficient-condition remark, and (E) modulo a bias shift is what matters there.
 * Bias-free or with λ_b > 0, logit adjustment breaks the ETF (distance 0.31 and 0.075 at K = 3, π = (1, 1, 0.2)).
 *
 * Probe: certifiedMinimizer (seeded starts, ‖∇f‖ ≤ 1e-10, μ > 0, δ = 2ε/μ, ‖G‖₂ ≤ √(λ_Wλ_H) + τ); the distance's
 * tolerance is gramTolerance(‖W‖_F, δ)·K/tr(W Wᵀ) (src/certified/ufm/tolerance.ts). *no-hit* when the distance is below
 * η minus the tolerance; *inconclusive* when not certified, within the band, or W = 0.
 */
import fc from 'fast-check';
import type { Conjecture, Finding } from '../../src/claim/index.ts';
import { certifiedMinimizer, gramTolerance, isCertified, partsOf } from '../../src/certified/index.ts';
import { lossById } from '../../src/losses/index.ts';
import { etfGram } from '../../src/geometry/index.ts';
import { parseUfmInstance, problemOf } from '../../src/arbitraries/index.ts';
import type { UfmInstance } from '../../src/arbitraries/index.ts';

const ETA = 1e-3;

const arbitrary: fc.Arbitrary<UfmInstance> = fc
  .record({
    K: fc.integer({ min: 2, max: 5 }),
    extra: fc.integer({ min: 0, max: 2 }),
    n: fc.integer({ min: 1, max: 3 }),
    family: fc.constantFrom('wce', 'la'),
    rIdx: fc.integer({ min: 0, max: 20 }),
    kIdx: fc.integer({ min: 0, max: 20 }),
    bias: fc.constantFrom('none', 'free', 'decay'),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
  })
  .map(({ K, extra, n, family, rIdx, kIdx, bias, seed }): UfmInstance => {
    // Weight or prior ratio R ∈ [1.1, 10] (shrinks to 10: the most asymmetric), κ ∈ [0.05, 0.6] of CE's scale.
    const R = Number((10 * (1.1 / 10) ** (rIdx / 20)).toPrecision(3));
    const ones = new Array<number>(K - 1).fill(1);
    const loss =
      family === 'wce'
        ? `wce(${[...ones, R].join(',')})`
        : `la(1,${[...ones, Number((1 / R).toPrecision(3))].join(',')})`;
    const kappa = 0.6 * (0.05 / 0.6) ** (kIdx / 20);
    const lam = kappa / (K * Math.sqrt(n));
    return {
      problem: {
        loss,
        K,
        d: K + extra,
        n,
        lambdaW: lam,
        lambdaH: lam,
        lambdaB: bias === 'decay' ? 1e-2 : 0,
        bias: bias !== 'none',
      },
      seed,
    };
  });

export const lossNonEquivariantAsymmetry: Conjecture<UfmInstance> = {
  id: 'loss.non-equivariant.simplex-etf',
  cite: 'Fang et al. 2021 (arXiv 2101.12699), minority collapse; Menon et al. 2021 (logit adjustment); docs/theory.md §10 (without (E))',
  statement:
    'class-weighted or logit-adjusted CE with one class singled out: certified global minimizers are still simplex ETFs (K·WWᵀ/tr within 1e-3 of E_K)',
  arbitrary,
  parseInstance: parseUfmInstance,
  probe(inst: UfmInstance): Finding {
    const p = problemOf(inst);
    const loss = lossById(p.loss);
    const cp = certifiedMinimizer(p, { seed: inst.seed, loss, starts: 3 });
    if (!isCertified(cp))
      return { status: 'inconclusive', evidence: { why: cp.why }, why: `global minimizer not certified: ${cp.why}` };
    const { W } = partsOf(cp);
    const K = p.K,
      d = p.d;
    const G = new Float64Array(K * K);
    let tr = 0;
    for (let i = 0; i < K; i++)
      for (let j = 0; j < K; j++) {
        let s = 0;
        for (let r = 0; r < d; r++) s += (W.data[i * d + r] as number) * (W.data[j * d + r] as number);
        G[i * K + j] = s;
        if (i === j) tr += s;
      }
    const norms = Array.from({ length: K }, (_, k) => G[k * K + k] as number);
    if (!(tr > 0) || Math.sqrt(tr) <= cp.delta)
      return { status: 'inconclusive', evidence: { tr, delta: cp.delta }, why: 'W* = 0: nothing to compare' };
    const E = etfGram(K);
    let dist = 0;
    for (let i = 0; i < K * K; i++) dist += ((K * (G[i] as number)) / tr - (E.data[i] as number)) ** 2;
    dist = Math.sqrt(dist);
    const tol = ((gramTolerance(Math.sqrt(tr), cp.delta, K, d) * K) / tr) * 2;
    const evidence = {
      dist,
      tol,
      eta: ETA,
      wNormsSq: norms,
      value: cp.value,
      delta: cp.delta,
      gSpectral: cp.kkt.gSpectral,
      kktBound: cp.kkt.bound,
    };
    if (dist - tol > ETA)
      return {
        status: 'hit',
        evidence,
        why: `the certified global minimizer is not a simplex ETF: ‖K·WWᵀ/tr − E_K‖_F = ${dist.toExponential(3)} > η = ${ETA} (‖w_k‖² = ${norms.map((x) => x.toPrecision(4)).join(', ')})`,
      };
    if (dist + tol < ETA)
      return { status: 'no-hit', evidence, why: `simplex ETF to ${dist.toExponential(3)} (≤ η = ${ETA})` };
    return {
      status: 'inconclusive',
      evidence,
      why: `distance ${dist.toExponential(3)} within ${tol.toExponential(2)} of η`,
    };
  },
};
