/**
 * CE-UFM, d ≥ K−1, below the threshold κ = K√(nλ_Wλ_H) < 1: every global minimizer is a simplex ETF with
 * h_{k,i} = √(λ_W/(nλ_H))·w^k, ‖w^k‖² = ρ_w, f = f* and b* ∈ span(1) (= 0 when λ_b > 0).
 * Zhu et al. 2021, Thm 3.1; THEORY.md §1.1 (closed-form t*, ρ_w, f*).
 *
 * Negative control: "CE minimizers are an orthogonal frame" (W Wᵀ ∝ I_K) — false for every K ≥ 2 (the ETF Gram
 * (K/(K−1))(I − J) is not a multiple of I), so the suite must refute it and shrink it to K = 2.
 */
import { biasVerdict, dualityVerdict, gramVerdict, valueVerdict } from '../src/certified/index.ts';
import { fromRows } from '../src/core/index.ts';
import { predictCeGlobalMin } from '../src/theory/index.ts';
import { balancedN } from '../src/models/index.ts';
import { classUnion } from '../src/claim/index.ts';
import { ufmClasses } from '../src/arbitraries/index.ts';
import { minimizerClaim, nearMisses, perturb, perturbMat } from '../src/define/index.ts';

const CITE = 'Zhu et al. 2021 (arXiv 2105.02375), Thm 3.1; docs/theory.md §1.1';
/** Zhu et al. 2021, Thm 3.1's branches below the threshold: bias none/free/decay × d = K−1 / d ≥ K, and κ ∈ [0.95, 0.999]. */
const classes = ufmClasses({
  loss: 'ce',
  sides: ['below'],
  bias: ['none', 'free', 'decay'],
  dims: ['d=K-1', 'd>=K'],
  near: ['near-below'],
});
const arbitrary = classUnion(classes);

export const ceGlobalMinSimplexEtf = minimizerClaim({
  id: 'ce.global-min.simplex-etf',
  cite: CITE,
  statement:
    'CE, d ≥ K−1, κ < 1: global minimizers are a simplex ETF with h = √(λ_W/(nλ_H))·w, closed-form norms and f*, b ∈ span(1) (0 if λ_b > 0)',
  kind: 'claim',
  arbitrary,
  classes,
  atMinimizer(cp, parts, p, miss) {
    const n = balancedN(p) as number;
    const pred = predictCeGlobalMin({
      K: p.K,
      n,
      lambdaW: p.lambdaW,
      lambdaH: p.lambdaH,
      lambdaB: p.lambdaB,
      bias: p.bias,
      d: p.d,
    });
    const zeroB = new Float64Array(p.K);
    return [
      gramVerdict('W Wᵀ', parts.W, perturbMat(pred.gramW, miss.gram), cp.delta),
      dualityVerdict(parts, perturb(pred.c, miss.norm), cp.delta),
      valueVerdict(cp, perturb(pred.fStar, miss.value)),
      ...(p.bias ? [biasVerdict(parts.b, zeroB, cp.delta, p.lambdaB === 0)] : []),
    ];
  },
});

/** Near-miss controls (issue 9 item 3): the prediction off by 1e-6 (f*) or 1e-4 (Gram, self-duality constant). */
export const ceGlobalMinNearMisses = nearMisses(ceGlobalMinSimplexEtf);

export const ceGlobalMinOrthogonalFrame = minimizerClaim({
  id: 'ce.global-min.orthogonal-frame',
  cite: `negative control of ce.global-min.simplex-etf (${CITE})`,
  statement: 'FALSE on purpose: CE global minimizers are an orthogonal frame, W Wᵀ = (‖W‖²/K)·I_K',
  kind: 'control',
  controls: 'ce.global-min.simplex-etf',
  arbitrary,
  atMinimizer(cp, parts, p) {
    let tr = 0;
    for (let k = 0; k < p.K; k++) for (let r = 0; r < p.d; r++) tr += (parts.W.data[k * p.d + r] as number) ** 2;
    const rows = Array.from({ length: p.K }, (_, i) => Array.from({ length: p.K }, (_, j) => (i === j ? tr / p.K : 0)));
    return [gramVerdict('W Wᵀ (orthogonal-frame prediction)', parts.W, fromRows(rows), cp.delta)];
  },
});
