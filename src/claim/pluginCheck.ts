/**
 * The Taylor-slope test for a loss on logits (STYLE.md §4.6): derivatives are certified, not trusted. Used on every
 * loss plug-in before it is registered.
 *
 * The loss on a fixed label vector y is wrapped as an {@link Objective} over vec(Z) (Z row-major, K×N) and checked
 * with src/certify/taylor.ts (pymanopt's check_gradient / check_hessian as data) at a few seeded random logit
 * matrices, along a random unit direction V:
 * - **gradient**: E₁(h) = |g(Z + hV) − g(Z) − h⟨∇g, V⟩| = O(h²), slope 2; a wrong gradient leaves slope 1.
 * - **hessian**:  E₂(h) = |… − (h²/2)⟨V, ∇²g[V]⟩| = O(h³), slope 3; a wrong quadratic form leaves slope 2.
 * - **hvp**:      E₃(h) = ‖∇g(Z + hV) − ∇g(Z) − h∇²g[V]‖ = O(h²), slope 2: sees every error of the HVP, including
 *   those the quadratic form cannot (a non-symmetric error); slope 1 when wrong. Plus symmetry ⟨U, ∇²g[W]⟩ =
 *   ⟨W, ∇²g[U]⟩ for two random directions.
 * Pass rule: slope ≥ expected − 0.3 along a majority of {@link DIRECTIONS} random directions per point, fitted on a
 * window of at most 1.5 decades starting at the smallest step above rounding ({@link TAYLOR}; taylor.ts documents the
 * window). One-sided: a higher slope means the next Taylor term vanishes along V, a wrong derivative leaves a term one
 * order lower (slope expected − 1). A model exact to rounding at every h (the Hessian of a quadratic loss) passes with
 * no slope. The reported slope is the median over the directions.
 *
 * Checked here as well, before the slopes: every output finite; value() equal to valueAndGrad()'s value; G and
 * out written, not accumulated (they are pre-filled with NaN); and each declared trait on the same points (shift
 * invariance, permutation equivariance, ⟨v, ∇²ℓ v⟩ ≥ 0 for convexity along V and along each column's gradient —
 * necessary conditions, spot-checked).
 */
import { checkGradient, checkHessian, fitSlope, type TaylorFit, type TaylorOptions } from '../certify/index.ts';
import { createRng, matOf, type Mat, type Rng } from '../core/index.ts';
import type { LogitLoss } from '../losses/index.ts';
import type { Objective } from '../models/index.ts';

/** One slope measurement. */
export interface SlopeCheck {
  readonly check: 'gradient' | 'hessian' | 'hvp';
  /** 2, 3, 2. */
  readonly expected: number;
  /** The fitted slope; null when the Taylor model was exact to rounding at every h. */
  readonly slope: number | null;
  /** The h range of the fitted window. */
  readonly window: { readonly hMin: number; readonly hMax: number } | null;
  readonly ok: boolean;
  /** Which test point: 'K=4,N=5,scale=1'. */
  readonly point: string;
}

/** The verdict on a loss's derivatives and traits. */
export interface LossCheckResult {
  readonly ok: boolean;
  readonly slopes: readonly SlopeCheck[];
  /** One line per failed check, e.g. `gradient: Taylor slope 1.00 (expected 2; …) (on K=4,N=5,scale=1)`. */
  readonly failures: readonly string[];
}

/** A test point. */
export interface LossCheckCase {
  readonly K: number;
  readonly N: number;
  /** Standard deviation of the logits. */
  readonly scale: number;
}

/** Options of {@link checkLossDerivatives}. */
export interface LossCheckOptions {
  /** @defaultValue 20240611 */
  readonly seed?: number;
  /** @defaultValue K×N = 2×3, 4×5, 7×3 (scale 1) and 5×12 (scale 3) */
  readonly cases?: readonly LossCheckCase[];
}

/**
 * Directions per test point; each check must pass along a majority of them. A wrong derivative fails along almost
 * every direction (its remainder has the lower slope wherever the error term ⟨δ, V⟩ is visible); a right one can fail
 * along an unlucky direction, where the next Taylor coefficient nearly vanishes and the fitting window is squeezed
 * between rounding and a crossover of two Taylor terms.
 */
export const DIRECTIONS = 5;

/**
 * Taylor-check options (src/certify/taylor.ts), chosen by measurement, not tuned to a test: on CE, label smoothing and
 * focal (γ = 0.5, 1, 2, 3.5) over 200 seeds × 4 test points (800 points per loss), taylor.ts's defaults
 * (window up to 3 decades, slope tolerance 0.1, one direction) rejected the built-in CE at 13 of 40 seeds — the
 * 3-decade window reaches where the fourth-order term bends the cubic remainder — whereas a 1.5-decade window, a
 * tolerance of 0.3 and a majority of 5 directions rejected none; the smallest median slope seen was 2.87 (Hessian
 * check, expected 3) and ≥ 1.998 for the two slope-2 checks. Wrong derivatives measure slope expected − 1 (1.00 for
 * a wrong gradient, 2.00 / 1.00 for a wrong HVP), 0.7 below the threshold.
 */
export const TAYLOR: TaylorOptions = { windowDecades: 1.5, slopeTol: 0.3 };

const DEFAULT_CASES: readonly LossCheckCase[] = [
  { K: 2, N: 3, scale: 1 },
  { K: 4, N: 5, scale: 1 },
  { K: 7, N: 3, scale: 1 },
  { K: 5, N: 12, scale: 3 },
];

function dotData(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function nrm(a: Float64Array): number {
  return Math.sqrt(dotData(a, a));
}

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i] as number)) return false;
  return true;
}

function nanMat(K: number, N: number): Mat {
  return matOf(K, N, new Float64Array(K * N).fill(Number.NaN));
}

/**
 * The loss on fixed labels as an objective over vec(Z) (row-major K×N), for the generic Taylor checks.
 *
 * @param loss - the loss
 * @param K - classes (rows of Z)
 * @param N - samples (columns of Z)
 * @param y - labels, length N
 * @returns f(θ) = loss.value(Z(θ), y) with its gradient and Hessian operator
 */
export function lossObjective(loss: LogitLoss, K: number, N: number, y: Int32Array): Objective {
  const dim = K * N;
  return {
    dim,
    value: (theta) => loss.value(matOf(K, N, theta), y),
    valueAndGrad: (theta, g) => loss.valueAndGrad(matOf(K, N, theta), y, matOf(K, N, g)),
    hessianAt(theta) {
      const Z = matOf(K, N, theta.slice());
      return { dim, apply: (v, out) => loss.hvp(Z, y, matOf(K, N, v), matOf(K, N, out)) };
    },
  };
}

/** Random labels in [0, K). */
function labels(rng: Rng, K: number, N: number): Int32Array {
  const y = new Int32Array(N);
  for (let j = 0; j < N; j++) y[j] = rng.int(K);
  return y;
}

/**
 * Checks a loss's gradient and Hessian-vector product by the Taylor-slope test, and its declared traits, on a few
 * seeded random logit matrices.
 *
 * @param loss - the loss (a plug-in, before it is trusted)
 * @param options - seed and test points
 * @returns ok, every measured slope, and one line per failure (naming the check and the measured slope)
 * @example
 * checkLossDerivatives(ce).ok; // => true   (slopes ≈ 2, 3, 2)
 */
export function checkLossDerivatives(loss: LogitLoss, options: LossCheckOptions = {}): LossCheckResult {
  const rng = createRng(options.seed ?? 20240611);
  const slopes: SlopeCheck[] = [];
  const failures: string[] = [];
  for (const c of options.cases ?? DEFAULT_CASES) {
    const point = `K=${c.K},N=${c.N},scale=${c.scale}`;
    const fail = (msg: string): void => {
      failures.push(`${msg} (on ${point})`);
    };
    try {
      checkCase(loss, c, point, rng, slopes, fail, failures);
    } catch (e) {
      fail(`threw: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { ok: failures.length === 0, slopes, failures };
}

function checkCase(
  loss: LogitLoss,
  c: LossCheckCase,
  point: string,
  rng: Rng,
  slopes: SlopeCheck[],
  fail: (msg: string) => void,
  failures: string[],
): void {
  const { K, N } = c;
  const size = K * N;
  const Z = matOf(K, N, rng.fillNormal(new Float64Array(size), c.scale));
  const V = matOf(K, N, rng.fillNormal(new Float64Array(size)));
  const vn = nrm(V.data);
  for (let i = 0; i < size; i++) V.data[i] = (V.data[i] as number) / vn;
  const y = labels(rng, K, N);

  const f0 = loss.value(Z, y);
  const G0 = nanMat(K, N);
  const fg = loss.valueAndGrad(Z, y, G0);
  const HV = nanMat(K, N);
  loss.hvp(Z, y, V, HV);
  if (!Number.isFinite(f0) || !Number.isFinite(fg))
    return fail(`value is not finite (value ${f0}, valueAndGrad ${fg})`);
  if (!allFinite(G0.data))
    return fail('valueAndGrad left a non-finite entry in G (it must write every entry of G, not accumulate into it)');
  if (!allFinite(HV.data))
    return fail('hvp left a non-finite entry in out (it must write every entry of out, not accumulate into it)');
  if (Math.abs(f0 - fg) > 1e-12 * (1 + Math.abs(f0))) return fail(`value() = ${f0} but valueAndGrad() returned ${fg}`);

  const vHv = dotData(V.data, HV.data);
  const hvn = nrm(HV.data);
  const obj = lossObjective(loss, K, N, y);
  const fits: { gradient: TaylorFit[]; hessian: TaylorFit[]; hvp: TaylorFit[] } = {
    gradient: [],
    hessian: [],
    hvp: [],
  };
  let asymmetry = 0;
  let asymmetryTol = 0;
  for (let d = 0; d < DIRECTIONS; d++) {
    fits.gradient.push(checkGradient(obj, Z.data, rng, TAYLOR));
    const h = checkHessian(obj, Z.data, rng, TAYLOR);
    // checkHessian's own `ok` combines its three checks; refit its scalar remainders to judge the quadratic form alone.
    fits.hessian.push(fitSlope(h.hs, h.errors, h.noise, 3, TAYLOR));
    fits.hvp.push(h.gradientRemainder);
    asymmetry = Math.max(asymmetry, h.asymmetry);
    asymmetryTol = h.asymmetryTol;
  }
  const judge = (check: SlopeCheck['check'], list: readonly TaylorFit[], wrong: string): void => {
    // Majority of the directions: a wrong derivative fails along (almost) every direction; a right one fails only
    // where the fitting window is squeezed between rounding and a crossover of two Taylor terms.
    const passed = list.filter((f) => f.ok).length;
    const ok = 2 * passed > list.length;
    const finite = list
      .map((f) => (f.ok && f.window === null ? Infinity : f.slope))
      .filter((x) => !Number.isNaN(x))
      .sort((a, b) => a - b);
    const median = finite.length === 0 ? null : (finite[Math.floor((finite.length - 1) / 2)] as number);
    const slope = median === null || median === Infinity ? null : median;
    const f0 = list.find((f) => f.window !== null) ?? list[0];
    const window =
      f0 === undefined || f0.window === null
        ? null
        : { hMin: f0.hs[f0.window[0]] as number, hMax: f0.hs[f0.window[1]] as number };
    const expected = list[0]?.expected ?? 2;
    slopes.push({ check, expected, slope, window, ok, point });
    if (ok) return;
    const why = list.find((f) => !f.ok)?.why ?? '';
    fail(
      slope === null
        ? `${check}: ${why}`
        : `${check}: Taylor slope ${slope.toFixed(2)} (expected ${expected}; ${wrong})`,
    );
  };
  const before = failures.length;
  judge('gradient', fits.gradient, 'valueAndGrad does not return the gradient of value');
  const gradientFailed = failures.length > before;
  const mark = failures.length;
  judge('hessian', fits.hessian, 'hvp is not the Hessian of value: its quadratic form <V, H V> is wrong');
  judge('hvp', fits.hvp, 'hvp is not the derivative of the gradient');
  if (gradientFailed && failures.length > mark) {
    // Both Hessian models use the gradient (the quadratic remainder subtracts h<∇g, V>, the HVP remainder differences
    // ∇g): with a wrong gradient their slopes say nothing about the HVP. Judge the HVP on values alone instead — the
    // symmetric second difference (g(Z+hV) − 2g(Z) + g(Z−hV))/h² → <V, ∇²g[V]> with error O(h²) — and blame it only
    // if that fails too.
    failures.splice(mark);
    const sd = secondDifference(obj, Z.data, V.data, vHv);
    if (!sd.ok)
      fail(
        `hessian: <V, ∇²g[V]> = ${vHv.toPrecision(6)} but the second difference of value gives ${sd.estimate.toPrecision(6)} (judged on values because the gradient failed)`,
      );
  }
  if (asymmetry > asymmetryTol)
    fail(`hvp is not symmetric: |<U, H W> − <W, H U>| relative ${asymmetry.toExponential(2)} > ${asymmetryTol}`);

  checkTraits(loss, Z, y, f0, vHv, hvn, fail);
}

/**
 * The HVP judged on values only: D(h) = (g(Z+hV) − 2g(Z) + g(Z−hV))/h² = <V, ∇²g V> + O(h²) + O(u|g|/h²). At h = 1e-2
 * and 1e-3 a right HVP leaves |D − vHv| shrinking by ~100× (or already at rounding, 1e-6 relative of |g| + |vHv|);
 * a wrong one leaves the same O(1) gap at both.
 */
function secondDifference(
  obj: Objective,
  z: Float64Array,
  v: Float64Array,
  vHv: number,
): { ok: boolean; estimate: number } {
  const f0 = obj.value(z);
  const at = (h: number): number => {
    const zp = z.map((x, i) => x + h * (v[i] as number));
    const zm = z.map((x, i) => x - h * (v[i] as number));
    return (obj.value(zp) - 2 * f0 + obj.value(zm)) / (h * h);
  };
  const d1 = at(1e-2),
    d2 = at(1e-3);
  const e1 = Math.abs(d1 - vHv),
    e2 = Math.abs(d2 - vHv);
  const floor = 1e-6 * (Math.abs(f0) + Math.abs(vHv) + 1);
  return { ok: e2 <= floor || e2 <= e1 / 20, estimate: d2 };
}

function checkTraits(
  loss: LogitLoss,
  Z: Mat,
  y: Int32Array,
  f0: number,
  vHv: number,
  hvn: number,
  fail: (msg: string) => void,
): void {
  const K = Z.rows;
  const N = Z.cols;
  const t = loss.traits;
  // Tolerances: the compared values are O(|f|) sums of K·N terms each rounded to ε; 1e-10 relative leaves a
  // factor > 1e4 over that rounding and is still far below any genuine violation on these O(1) points.
  if (t.shiftInvariant) {
    const Zs = matOf(
      K,
      N,
      Z.data.map((z) => z + 0.7),
    );
    const fs = loss.value(Zs, y);
    if (!(Math.abs(fs - f0) <= 1e-10 * (1 + Math.abs(f0))))
      fail(`declares shiftInvariant, but g(Z + 0.7·11ᵀ) − g(Z) = ${fs - f0}`);
  }
  if (t.permutationEquivariant) {
    const perm = Array.from({ length: K }, (_, k) => (k + 1) % K); // class k → perm[k]
    const Zp = matOf(K, N, new Float64Array(K * N));
    for (let k = 0; k < K; k++)
      for (let j = 0; j < N; j++) Zp.data[(perm[k] as number) * N + j] = Z.data[k * N + j] as number;
    const yp = y.map((c) => perm[c] as number);
    const fp = loss.value(Zp, yp);
    if (!(Math.abs(fp - f0) <= 1e-10 * (1 + Math.abs(f0))))
      fail(`declares permutationEquivariant, but permuting the classes changes g by ${fp - f0}`);
  }
  if (t.convexInZ) {
    // A random direction, then each column alone along its own gradient (where e.g. focal's negative curvature lives).
    if (vHv < -1e-10 * (1 + hvn)) return fail(`declares convexInZ, but <V, ∇²g[V]> = ${vHv} < 0`);
    const z = matOf(K, 1, new Float64Array(K));
    const g = matOf(K, 1, new Float64Array(K));
    const hg = matOf(K, 1, new Float64Array(K));
    const yj = new Int32Array(1);
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < K; k++) z.data[k] = Z.data[k * N + j] as number;
      yj[0] = y[j] as number;
      loss.valueAndGrad(z, yj, g);
      loss.hvp(z, yj, g, hg);
      const q = dotData(g.data, hg.data);
      if (q < -1e-10 * (1 + nrm(g.data) * nrm(hg.data)))
        return fail(`declares convexInZ, but along the gradient of column ${j} <v, ∇²ℓ v> = ${q} < 0`);
    }
  }
}
