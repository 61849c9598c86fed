/**
 * The §10 prediction (src/theory/lossReduction.ts; THEORY.md §10, §0.3) rebuilt as a point of the full plain UFM and
 * checked there, for losses with no closed form (rmse(k,M), label smoothing, focal) as well as CE and MSE.
 *
 * From the predicted eigenvalues p = α (on 1^⊥) and q = α + Kβ (on 1) and the bias β′ we build, independently of the
 * module's Grams, the balanced factorisation of §0.3: with Φ the Helmert basis of 1^⊥ ((K−1)×K, ΦᵀΦ = I − J),
 * r = √(nλ_H/λ_W),
 *
 *   W = √r [ √|p| Φᵀ | √|q| 1/√K | 0 ],   H̄ = (1/√r) [ sgn(p)√|p| Φ ; sgn(q)√|q| 1ᵀ/√K ; 0 ],   H = H̄ ⊗ 1_nᵀ,
 *
 * so W H̄ = p(I − J) + qJ, W Wᵀ = r|Z̄|, H̄ᵀH̄ = |Z̄|/r, and λ_W‖W‖²/2 + nλ_H‖H̄‖²/2 = γ((K−1)|p| + |q|): the UFM
 * objective there equals F(p, q, β′) = f*. At d = K−1 the rank constraint p·q = 0 leaves K−1 columns.
 * A global minimiser of the UFM (and, for focal loss, the symmetric candidate with g′(a*) = 0) is a critical point, so
 * the gradient of the real objective (src/models) must vanish there.
 *
 * Tolerances (ε = 2⁻⁵²): f(θ) and F are the same sums in a different order: |f(θ) − f*| ≤ 64·ε·(|f*| + 1) covers the
 * K-term loss sums, the nuclear norm and the square roots of the factorisation (each a few ulps). The gradient: the
 * solver's a* (or (p, q, s)) is accurate to a few ulps of its size (bracket ≤ 4u wide, or Newton to the rounding
 * floor), so each gradient entry errs by ≤ ‖∇²f‖·(few ulps)·|θ| plus the rounding of its own sum of ≤ N + K + d
 * products: GRAD_TOL = √dim·(N + K + d + 16)·ε·B·(1 + L) with B = max(1, max|θ|)² and L = 1 + max|z| bounding the
 * loss's second derivative along the point (1 for the softmax losses, k for rmse).
 */
import { describe, expect, it } from 'vitest';
import { helmertBasis } from '../../../src/geometry/index.ts';
import type { LogitLoss } from '../../../src/losses/index.ts';
import { columnLoss, lossById } from '../../../src/losses/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import { ufmLayout, ufmObjective } from '../../../src/models/index.ts';
import type { LossReductionInstance, LossReductionPrediction } from '../../../src/theory/index.ts';
import { predictLossReduction } from '../../../src/theory/index.ts';

const EPS = Number.EPSILON;

/** log(1 + eˣ) without overflow. */
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/**
 * One-vs-all logistic loss ℓ(z, y) = softplus(−z_y) + Σ_{j≠y} softplus(z_j): convex, permutation-equivariant, not
 * shift-invariant, and — unlike MSE and rmse — not quadratic, so the damped Newton of the ≤ 3-parameter reduction needs
 * more than one step and its stopping rule decides the last digits. ∇ℓ_j = σ(z_j) − [j = y], ∇²ℓ = diag σ(z)(1 − σ(z)).
 */
const ova = columnLoss(
  'ova-logistic',
  'test',
  { convexInZ: true, permutationEquivariant: true, shiftInvariant: false },
  {
    value(K, z, sz, oz, y) {
      let v = 0;
      for (let j = 0; j < K; j++) {
        const zj = z[oz + j * sz] as number;
        v += j === y ? softplus(-zj) : softplus(zj);
      }
      return v;
    },
    grad(K, z, sz, oz, y, g, sg, og) {
      let v = 0;
      for (let j = 0; j < K; j++) {
        const zj = z[oz + j * sz] as number;
        v += j === y ? softplus(-zj) : softplus(zj);
        g[og + j * sg] = sigmoid(zj) - (j === y ? 1 : 0);
      }
      return v;
    },
    hvp(K, z, sz, oz, _y, v, sv, ov, out, so, oo) {
      for (let j = 0; j < K; j++) {
        const sj = sigmoid(z[oz + j * sz] as number);
        out[oo + j * so] = sj * (1 - sj) * (v[ov + j * sv] as number);
      }
    },
  },
);
const lossOf = (id: string): LogitLoss => (id === ova.id ? ova : lossById(id));

interface Case {
  readonly id: string;
  readonly inst: Required<LossReductionInstance>;
}

const cases: Case[] = [];
for (const id of ['ce', 'ls(0.2)', 'tce(2)', 'focal(1)', 'mse', 'rmse(2,3)', 'rmse(1,-1)', 'rmse(3,0.5)', ova.id]) {
  for (const [K, d] of [
    [3, 2],
    [4, 4],
    [3, 5],
  ] as const) {
    for (const [bias, lambdaB] of [
      [false, 0],
      [true, 0],
      [true, 0.05],
    ] as const) {
      // κ = Kγ = 0.03K (the ETF) and, for the losses with no closed form, κ = 1.2K (past every threshold here).
      for (const lambda of id === 'ce' || id === 'mse'
        ? [[5e-3, 1e-2]]
        : [
            [5e-3, 1e-2],
            [0.6, 0.6],
          ])
        cases.push({
          id,
          inst: { K, d, n: 2, lambdaW: lambda[0] as number, lambdaH: lambda[1] as number, lambdaB, bias },
        });
    }
  }
}

/** θ of the full UFM built from (p, q, β′) as in the file comment. */
function pointOf(pred: LossReductionPrediction, inst: Required<LossReductionInstance>): Float64Array {
  const { K, d, n, lambdaW, lambdaH, bias } = inst;
  const r = Math.sqrt((n * lambdaH) / lambdaW);
  const p = pred.alpha,
    q = pred.q;
  const Phi = helmertBasis(K);
  // Columns of the K×K factor before zero padding: K−1 Helmert directions, then 1/√K.
  const cols: { w: Float64Array; h: Float64Array }[] = [];
  for (let i = 0; i < K - 1; i++) {
    const row = Phi.data.subarray(i * K, (i + 1) * K);
    cols.push({
      w: row.map((x) => Math.sqrt(r * Math.abs(p)) * x),
      h: row.map((x) => Math.sign(p) * Math.sqrt(Math.abs(p) / r) * x),
    });
  }
  if (q !== 0 || d >= K) {
    const one = new Float64Array(K).fill(1 / Math.sqrt(K));
    cols.push({
      w: one.map((x) => Math.sqrt(r * Math.abs(q)) * x),
      h: one.map((x) => Math.sign(q) * Math.sqrt(Math.abs(q) / r) * x),
    });
  }
  if (p === 0 && d < K) cols.shift(); // d = K−1 with p = 0: the rank-1 form, columns 1/√K and K−2 zero ones.
  while (cols.length > d) cols.pop();
  const problem = problemOf(pred.lossId, inst);
  const L = ufmLayout(problem);
  const theta = new Float64Array(L.dim);
  cols.forEach(({ w, h }, j) => {
    for (let k = 0; k < K; k++) {
      theta[L.offW + k * d + j] = w[k] as number;
      for (let i = 0; i < n; i++) theta[L.offH + j * L.N + k * n + i] = h[k] as number;
    }
  });
  if (bias) theta.fill(pred.betaPrime, L.offB, L.offB + K);
  return theta;
}

function problemOf(lossId: string, inst: Required<LossReductionInstance>): UfmProblem {
  const { K, d, n, lambdaW, lambdaH, lambdaB, bias } = inst;
  return { loss: lossId, K, d, counts: new Array<number>(K).fill(n), lambdaW, lambdaH, lambdaB, bias };
}

function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] as number));
  return m;
}

describe('predictLossReduction as a point of the full UFM (THEORY.md §10, §0.3)', () => {
  it.each(cases.map((c) => [`${c.id} K=${c.inst.K} d=${c.inst.d} bias=${c.inst.bias} λb=${c.inst.lambdaB}`, c]))(
    'should be a critical point of the real objective whose value is f* (%s)',
    (_name, { id, inst }) => {
      // Arrange
      const loss: LogitLoss = lossOf(id);
      const pred = predictLossReduction(loss, loss.traits, inst);
      // Assert the rank constraint α(α + Kβ) = 0 at d = K−1 before building the point (§10).
      if (inst.d < inst.K && !loss.traits.shiftInvariant) expect(pred.alpha * pred.q === 0).toBe(true);
      const problem = problemOf(loss.id, inst);
      const theta = pointOf(pred, inst);
      const f = ufmObjective(problem, loss);
      const g = new Float64Array(f.dim);
      // Act
      const value = f.valueAndGrad(theta, g);
      // Assert
      expect(Math.abs(value - pred.fStar)).toBeLessThanOrEqual(64 * EPS * (Math.abs(pred.fStar) + 1));
      const L = ufmLayout(problem);
      const B = Math.max(1, maxAbs(theta)) ** 2;
      const curv = 1 + (id.startsWith('rmse') ? Number(id.slice(5, id.indexOf(','))) : 1);
      const tol = Math.sqrt(L.dim) * (L.N + L.K + L.d + 16) * EPS * B * (1 + curv);
      let gn = 0;
      for (const v of g) gn += v * v;
      expect(Math.sqrt(gn)).toBeLessThanOrEqual(tol);
      // γ = √(nλ_Wλ_H), κ = Kγ, and (convex losses) the zero solution exactly when κ ≥ κ₀ (§10 threshold).
      expect(pred.gamma).toBe(Math.sqrt(inst.n * inst.lambdaW * inst.lambdaH));
      expect(pred.kappa).toBe(inst.K * pred.gamma);
      expect(pred.threshold.zero).toBe(pred.alpha === 0 && pred.q === 0);
      if (loss.traits.convexInZ) expect(pred.threshold.zero).toBe(pred.kappa >= pred.threshold.kappa0);
    },
  );

  it.each(cases.map((c) => [`${c.id} K=${c.inst.K} d=${c.inst.d} bias=${c.inst.bias} λb=${c.inst.lambdaB}`, c]))(
    'should report the Grams, norms, W H̄ and self-duality of that point (%s)',
    (_name, { id, inst }) => {
      // Arrange
      const loss: LogitLoss = lossOf(id);
      const pred = predictLossReduction(loss, loss.traits, inst);
      const problem = problemOf(loss.id, inst);
      const { W, H } = ufmLayout(problem).unpack(pointOf(pred, inst));
      const { K, d, n } = inst;
      const N = K * n;
      // Act: W Wᵀ, H̄ᵀH̄ and W H̄ from the factors (h̄_k = column k·n of H).
      const hbar = (k: number, j: number): number => H.data[j * N + k * n] as number;
      const gram = (a: (i: number, j: number) => number, b: (i: number, j: number) => number): Float64Array => {
        const M = new Float64Array(K * K);
        for (let i = 0; i < K; i++)
          for (let k = 0; k < K; k++) {
            let s = 0;
            for (let j = 0; j < d; j++) s += a(i, j) * b(k, j);
            M[i * K + k] = s;
          }
        return M;
      };
      const w = (k: number, j: number): number => W.data[k * d + j] as number;
      const WWt = gram(w, w);
      const HtH = gram(hbar, hbar);
      const WH = gram(w, hbar);
      // Assert: each entry is a d-term sum of products of the square roots above, a few ulps of its scale.
      const close = (got: Float64Array, want: Float64Array): void => {
        const tol = 16 * d * EPS * Math.max(1e-300, maxAbs(want), maxAbs(got));
        for (let i = 0; i < K * K; i++)
          expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThanOrEqual(tol);
      };
      close(pred.gramW.data, WWt);
      close(pred.gramHbar.data, HtH);
      close(pred.WHbar.data, WH);
      // W H̄ = αI + β11ᵀ: α on the diagonal difference, β off the diagonal.
      const ab = new Float64Array(K * K).map((_, i) => (i % (K + 1) === 0 ? pred.alpha : 0) + pred.beta);
      close(ab, WH);
      expect(Math.abs(pred.q - (pred.alpha + K * pred.beta))).toBeLessThanOrEqual(
        4 * EPS * maxAbs([pred.alpha, pred.q]),
      );
      const scale = Math.max(1e-300, maxAbs(WWt));
      expect(Math.abs(pred.wNormSq - (WWt[0] as number))).toBeLessThanOrEqual(16 * d * EPS * scale);
      expect(Math.abs(pred.hbarNormSq - (HtH[0] as number))).toBeLessThanOrEqual(
        16 * d * EPS * Math.max(1e-300, maxAbs(HtH)),
      );
      // Self-duality H̄ = cWᵀ, c = √(λ_W/(nλ_H)), exactly when Z̄ ⪰ 0 (p, q ≥ 0) and Z̄ ≠ 0.
      const c = Math.sqrt(inst.lambdaW / (n * inst.lambdaH));
      expect(pred.selfDuality).toBeCloseTo(c, 15);
      expect(pred.selfDual).toBe(pred.alpha >= 0 && pred.q >= 0);
      let dual = 0;
      for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) dual = Math.max(dual, Math.abs(hbar(k, j) - c * w(k, j)));
      if (maxAbs(WWt) > 0) expect(dual <= 16 * EPS * maxAbs(W.data) * (1 + c)).toBe(pred.selfDual);
    },
  );
});
