/**
 * Focal loss, `focal(γ)`: ℓ(z, y) = −(1 − p_y)^γ log p_y, p = softmax(z) (Lin et al. 2017; neural collapse under focal
 * loss: Zhou et al. 2022, arXiv 2210.02192; THEORY.md §10). γ = 0 is cross-entropy. Derivation of the gradient
 * ∇ℓ = c(s)·(p − e_y) and Hessian ∇²ℓ = c (diag p − p pᵀ) + β u uᵀ in examples/losses/focal.ts (the same kernels,
 * shipped there as a plug-in example).
 * Traits: NOT convex in z for γ > 0 (THEORY.md §10: the symmetric point is only a candidate, a hunt target);
 * permutation-equivariant; shift-invariant.
 */
import { columnLoss } from './columnLoss.ts';
import { arity, familyId, type LossFamily } from './family.ts';
import type { ColumnKernels, LogitLoss } from './loss.ts';

export const FOCAL_CITE = 'Lin et al. 2017 (focal loss); Zhou et al. 2022 (arXiv 2210.02192); docs/theory.md §10';

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

/**
 * Focal loss with focusing parameter γ.
 * @throws RangeError unless γ ≥ 0
 * @example
 * focal(2).id; // => 'focal(2)'
 */
export function focal(gamma: number): LogitLoss {
  return columnLoss(
    familyId('focal', [gamma]),
    FOCAL_CITE,
    { convexInZ: gamma === 0, permutationEquivariant: true, shiftInvariant: true },
    focalKernels(gamma),
  );
}

export const focalFamily: LossFamily = {
  name: 'focal',
  usage: 'focal(γ), γ ≥ 0',
  cite: FOCAL_CITE,
  build(args) {
    arity(this.usage, args, 1);
    return focal(args[0] as number);
  },
};
