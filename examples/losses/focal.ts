/**
 * Focal loss (Lin et al. 2017) as a ufmcheck loss plug-in: `ufmcheck verify --loss ./examples/losses/focal.ts`.
 *
 *   ℓ(z, y) = −(1 − p_y)^γ log p_y,   p = softmax(z),  γ = 2 by default (γ = 0 is cross-entropy).
 *
 * **Derivation.** Write s = p_y, a = 1 − s = Σ_{k≠y} p_k, L = −log s = logsumexp(z) − z_y, u = p − e_y. Then
 * ℓ = a^γ L depends on z only through s, with ∇s = s(e_y − p) = −s u and ∇L = u.
 *
 * Gradient: ℓ = φ(s) with φ(s) = −(1 − s)^γ log s, so ∇ℓ = φ'(s) ∇s, φ'(s) = γ(1−s)^{γ−1} log s − (1−s)^γ / s:
 *
 *   ∇ℓ = c · u,   c(s) = (1−s)^γ − γ s (1−s)^{γ−1} log s = a^{γ−1} (a + γ s L)   (c ≥ 0).
 *
 * Hessian: ∇²ℓ = ∇(c u) = u (∇c)ᵀ + c ∇u with ∇u = ∇p = diag(p) − p pᵀ and ∇c = c'(s) ∇s = −s c'(s) u, where
 *
 *   c'(s) = −γ(1−s)^{γ−1} − γ[(1−s)^{γ−1} log s − (γ−1) s (1−s)^{γ−2} log s + (1−s)^{γ−1}]
 *         = −γ (1−s)^{γ−2} [2(1−s) + (1 − γ s) log s] = −γ a^{γ−2} [2a − (1 − γ s) L],
 *
 * so ∇²ℓ = c (diag(p) − p pᵀ) + β u uᵀ with β = −s c'(s) = γ s a^{γ−2} [2a − (1 − γ s) L] — symmetric, and
 *
 *   ∇²ℓ · v = c · p ∘ (v − pᵀv) + β (uᵀv) u,   uᵀv = pᵀv − v_y.
 *
 * The Taylor-slope test (gradient slope 2, Hessian slope 3, HVP-vs-gradient slope 2) confirms this when ufmcheck
 * loads the module, and tests/unit/plugin/examples.test.ts pins it.
 *
 * **Numerics.** Every exponential is of z_k − max z; a = Σ_{k≠y} p_k is summed directly (never 1 − s, which would
 * cancel when s ≈ 1), and L = (m − z_y) + log1p((E_y − 1) + Σ_{k≠y} E_k) as in cross-entropy. When a = 0 exactly
 * (all other classes underflow), u = 0, ∇ℓ = 0 and the β term vanishes (its limit is β u uᵀ = O(a^{γ+1}) → 0), so it
 * is set to 0 rather than evaluating 0^{γ−2}.
 *
 * Traits: not convex in z for γ > 0; permutation-equivariant; shift-invariant (ℓ depends on z through p only).
 */
import type { ColumnKernels } from '../../src/losses/index.ts';

/** Default focusing parameter. */
export const GAMMA = 2;

/** The per-column quantities every kernel needs. */
interface Column {
  /** 1/S · E_k = p_k is read as exp(z_k − m) · invS. */
  readonly m: number;
  readonly invS: number;
  /** p_y */
  readonly s: number;
  /** 1 − p_y, summed over k ≠ y. */
  readonly a: number;
  /** −log p_y ≥ 0. */
  readonly L: number;
}

function column(K: number, z: Float64Array, sz: number, oz: number, y: number): Column {
  let m = -Infinity;
  for (let k = 0; k < K; k++) m = Math.max(m, z[oz + k * sz] as number);
  let rest = 0;
  for (let k = 0; k < K; k++) if (k !== y) rest += Math.exp((z[oz + k * sz] as number) - m);
  const zy = z[oz + y * sz] as number;
  const ey = Math.exp(zy - m);
  const S = ey + rest;
  const invS = 1 / S;
  return { m, invS, s: ey * invS, a: rest * invS, L: m - zy + Math.log1p(ey - 1 + rest) };
}

/**
 * Per-column kernels of the focal loss with focusing parameter γ ≥ 0.
 *
 * @param gamma - γ
 * @returns value, gradient and Hessian-vector kernels (stdlib ndarray style, no 1/N)
 * @throws {RangeError} unless γ is finite and ≥ 0
 * @example
 * focalKernels(2).value(2, Float64Array.of(0, 0), 1, 0, 0); // => 0.25 · Math.LN2
 */
export function focalKernels(gamma: number): ColumnKernels {
  if (!(gamma >= 0 && Number.isFinite(gamma))) throw new RangeError(`gamma must be a finite number >= 0; got ${gamma}`);
  /** c = a^{γ−1}(a + γ s L), with its limits at a = 0 (1 for γ = 0, else 0). */
  const coefC = (c: Column): number =>
    c.a === 0 ? (gamma === 0 ? 1 : 0) : c.a ** (gamma - 1) * (c.a + gamma * c.s * c.L);
  /** β = γ s a^{γ−2}[2a − (1 − γ s) L], 0 at a = 0 (where u = 0). */
  const coefBeta = (c: Column): number =>
    c.a === 0 || gamma === 0 ? 0 : gamma * c.s * c.a ** (gamma - 2) * (2 * c.a - (1 - gamma * c.s) * c.L);
  return {
    value(K, z, sz, oz, y) {
      const c = column(K, z, sz, oz, y);
      return (gamma === 0 ? 1 : c.a ** gamma) * c.L;
    },
    grad(K, z, sz, oz, y, g, sg, og) {
      const c = column(K, z, sz, oz, y);
      const cc = coefC(c);
      for (let k = 0; k < K; k++) g[og + k * sg] = cc * Math.exp((z[oz + k * sz] as number) - c.m) * c.invS;
      g[og + y * sg] = -cc * c.a; // c · (p_y − 1), with p_y − 1 = −a exactly
      return (gamma === 0 ? 1 : c.a ** gamma) * c.L;
    },
    hvp(K, z, sz, oz, y, v, sv, ov, out, so, oo) {
      const c = column(K, z, sz, oz, y);
      const cc = coefC(c);
      const beta = coefBeta(c);
      let pv = 0;
      for (let k = 0; k < K; k++) {
        const p = Math.exp((z[oz + k * sz] as number) - c.m) * c.invS;
        out[oo + k * so] = p;
        pv += p * (v[ov + k * sv] as number);
      }
      const uv = pv - (v[ov + y * sv] as number);
      for (let k = 0; k < K; k++) {
        const p = out[oo + k * so] as number;
        const u = k === y ? -c.a : p;
        out[oo + k * so] = cc * p * ((v[ov + k * sv] as number) - pv) + beta * uv * u;
      }
    },
  };
}

/** The plug-in: focal loss with γ = 2, id 'ex-focal(2)' (prefixed so it never collides with a built-in 'focal(…)'). */
export default {
  id: `ex-focal(${GAMMA})`,
  cite: 'Lin et al. 2017 (focal loss), γ = 2; examples/losses/focal.ts',
  traits: { convexInZ: false, permutationEquivariant: true, shiftInvariant: true },
  kernels: focalKernels(GAMMA),
};
