/**
 * Loss kernels on blocks of logit columns, for the fused, cache-tiled UFM pass (see ufm.ts).
 *
 * A block is `nb` consecutive columns j0 … j0+nb−1 of a K×N logit matrix, stored row-major with leading
 * dimension `ld` at offset `off` (a scratch block has ld = nb, off = 0; a column range of a full matrix has
 * ld = N, off = j0). Labels are the problem's class-major labels (THEORY.md §0), so inside a block the columns of
 * class k form one contiguous range — the built-in kernels use that to sweep rows contiguously.
 *
 * Three implementations, all equal to the loss's own `LogitLoss` methods to rounding (pinned by unit tests):
 * - cross-entropy (built-in `ce`): row-contiguous max / exp / sum with the same formulas as ce.ts;
 *   its Hessian state is the column softmax P, so each HVP costs no exponentials;
 * - squared loss (built-in `mse`): residuals; Hessian = I/N, no state;
 * - any other loss made by `columnLoss`: its per-column kernels over strided column views.
 *
 * @see THEORY.md §0.1, §0.2
 */
import type { ColumnKernels, LogitLoss } from '../losses/index.ts';
import { ce, columnKernelsOf, mse } from '../losses/index.ts';

/** Loss work on one block of columns. Returned sums do not include 1/N; gradients and HVPs do (via `invN`). */
export interface BlockLoss {
  /** Σ_{j in block} ℓ(Z[:,j], y_j). */
  value(nb: number, j0: number, Z: Float64Array, ldz: number, offz: number): number;
  /** Writes G[:,j] = invN·∇ℓ(Z[:,j], y_j) for the block and returns Σ ℓ. */
  valueGrad(
    nb: number,
    j0: number,
    Z: Float64Array,
    ldz: number,
    offz: number,
    G: Float64Array,
    ldg: number,
    offg: number,
    invN: number,
  ): number;
  /** Length of the per-column Hessian state (0 or K·N). */
  readonly stateSize: number;
  /** Writes the Hessian state of the block (from its logits) into S (same ld/offset convention). */
  prep(
    nb: number,
    j0: number,
    Z: Float64Array,
    ldz: number,
    offz: number,
    S: Float64Array,
    lds: number,
    offs: number,
  ): void;
  /** Writes dG[:,j] = invN·∇²ℓ(Z[:,j], y_j)·dZ[:,j] for the block, reading the state S. */
  apply(
    nb: number,
    j0: number,
    S: Float64Array,
    lds: number,
    offs: number,
    dZ: Float64Array,
    ldz: number,
    offz: number,
    dG: Float64Array,
    ldg: number,
    offg: number,
    invN: number,
  ): void;
}

/** Class boundaries: columns of class k are [cum[k], cum[k+1]). */
function cumulative(counts: readonly number[]): Int32Array {
  const cum = new Int32Array(counts.length + 1);
  for (let k = 0; k < counts.length; k++) cum[k + 1] = (cum[k] as number) + (counts[k] as number);
  return cum;
}

/** First in-block position of the columns of class k for the block starting at j0, width nb (clamped to [0, nb]). */
function classLo(cum: Int32Array, k: number, j0: number, nb: number): number {
  return Math.min(nb, Math.max(0, (cum[k] as number) - j0));
}

/** m[jj] ← max_k Z[k, jj] over the block (NaN propagates). */
function columnMax(K: number, nb: number, Z: Float64Array, ldz: number, offz: number, m: Float64Array): void {
  m.fill(-Infinity, 0, nb);
  for (let k = 0; k < K; k++) {
    const rz = offz + k * ldz;
    for (let jj = 0; jj < nb; jj++) {
      const v = Z[rz + jj] as number;
      if (v > (m[jj] as number) || v !== v) m[jj] = v;
    }
  }
}

/**
 * The exponential pass of CE on a block: m = column max, E = exp(Z − m) written to E (ld/off), u[jj] = Σ_{k≠y} E,
 * ey[jj] = E at the label. Columns of class k are the in-block range [lo, hi) (class-major labels).
 */
function ceExpPass(
  K: number,
  cum: Int32Array,
  nb: number,
  j0: number,
  Z: Float64Array,
  ldz: number,
  offz: number,
  E: Float64Array,
  lde: number,
  offe: number,
  m: Float64Array,
  u: Float64Array,
  ey: Float64Array,
): void {
  columnMax(K, nb, Z, ldz, offz, m);
  u.fill(0, 0, nb);
  for (let k = 0; k < K; k++) {
    const rz = offz + k * ldz;
    const re = offe + k * lde;
    const lo = classLo(cum, k, j0, nb);
    const hi = classLo(cum, k + 1, j0, nb);
    for (let jj = 0; jj < lo; jj++) {
      const e = Math.exp((Z[rz + jj] as number) - (m[jj] as number));
      E[re + jj] = e;
      u[jj] = (u[jj] as number) + e;
    }
    for (let jj = lo; jj < hi; jj++) {
      const e = Math.exp((Z[rz + jj] as number) - (m[jj] as number));
      E[re + jj] = e;
      ey[jj] = e;
    }
    for (let jj = hi; jj < nb; jj++) {
      const e = Math.exp((Z[rz + jj] as number) - (m[jj] as number));
      E[re + jj] = e;
      u[jj] = (u[jj] as number) + e;
    }
  }
}

/** Value-only CE pass on a block: Σ_j ℓ_j (same formulas as ce.ts). */
function ceValue(
  K: number,
  cum: Int32Array,
  y: Int32Array,
  nb: number,
  j0: number,
  Z: Float64Array,
  ldz: number,
  offz: number,
  m: Float64Array,
  u: Float64Array,
  ey: Float64Array,
): number {
  columnMax(K, nb, Z, ldz, offz, m);
  u.fill(0, 0, nb);
  for (let k = 0; k < K; k++) {
    const rz = offz + k * ldz;
    const lo = classLo(cum, k, j0, nb);
    const hi = classLo(cum, k + 1, j0, nb);
    for (let jj = 0; jj < lo; jj++) u[jj] = (u[jj] as number) + Math.exp((Z[rz + jj] as number) - (m[jj] as number));
    for (let jj = lo; jj < hi; jj++) ey[jj] = Math.exp((Z[rz + jj] as number) - (m[jj] as number));
    for (let jj = hi; jj < nb; jj++) u[jj] = (u[jj] as number) + Math.exp((Z[rz + jj] as number) - (m[jj] as number));
  }
  let s = 0;
  for (let jj = 0; jj < nb; jj++) {
    const zy = Z[offz + (y[j0 + jj] as number) * ldz + jj] as number;
    s += (m[jj] as number) - zy + Math.log1p((ey[jj] as number) - 1 + (u[jj] as number));
  }
  return s;
}

/** CE value and gradient on a block: G = invN·(E/S − e_y) with the label entry −u/S; returns Σ_j ℓ_j. */
function ceValueGrad(
  K: number,
  cum: Int32Array,
  y: Int32Array,
  nb: number,
  j0: number,
  Z: Float64Array,
  ldz: number,
  offz: number,
  G: Float64Array,
  ldg: number,
  offg: number,
  invN: number,
  m: Float64Array,
  u: Float64Array,
  ey: Float64Array,
  sc: Float64Array,
): number {
  ceExpPass(K, cum, nb, j0, Z, ldz, offz, G, ldg, offg, m, u, ey);
  let s = 0;
  for (let jj = 0; jj < nb; jj++) {
    const zy = Z[offz + (y[j0 + jj] as number) * ldz + jj] as number;
    const e = ey[jj] as number;
    const uj = u[jj] as number;
    s += (m[jj] as number) - zy + Math.log1p(e - 1 + uj);
    sc[jj] = 1 / (e + uj);
  }
  for (let k = 0; k < K; k++) {
    const rg = offg + k * ldg;
    for (let jj = 0; jj < nb; jj++) G[rg + jj] = (G[rg + jj] as number) * (sc[jj] as number) * invN;
  }
  for (let jj = 0; jj < nb; jj++)
    G[offg + (y[j0 + jj] as number) * ldg + jj] = -(u[jj] as number) * (sc[jj] as number) * invN;
  return s;
}

/** CE Hessian state on a block: the column softmax P = E/S written to S. */
function cePrep(
  K: number,
  cum: Int32Array,
  nb: number,
  j0: number,
  Z: Float64Array,
  ldz: number,
  offz: number,
  S: Float64Array,
  lds: number,
  offs: number,
  m: Float64Array,
  u: Float64Array,
  ey: Float64Array,
  sc: Float64Array,
): void {
  ceExpPass(K, cum, nb, j0, Z, ldz, offz, S, lds, offs, m, u, ey);
  for (let jj = 0; jj < nb; jj++) sc[jj] = 1 / ((ey[jj] as number) + (u[jj] as number));
  for (let k = 0; k < K; k++) {
    const rs = offs + k * lds;
    for (let jj = 0; jj < nb; jj++) S[rs + jj] = (S[rs + jj] as number) * (sc[jj] as number);
  }
}

/** CE HVP on a block: dG = invN·P ∘ (dZ − 1(pᵀdZ)) columnwise, i.e. (diag p − p pᵀ) dZ; t holds pᵀdZ. */
function ceApply(
  K: number,
  nb: number,
  S: Float64Array,
  lds: number,
  offs: number,
  dZ: Float64Array,
  ldz: number,
  offz: number,
  dG: Float64Array,
  ldg: number,
  offg: number,
  invN: number,
  t: Float64Array,
): void {
  t.fill(0, 0, nb);
  for (let k = 0; k < K; k++) {
    const rs = offs + k * lds;
    const rz = offz + k * ldz;
    for (let jj = 0; jj < nb; jj++) t[jj] = (t[jj] as number) + (S[rs + jj] as number) * (dZ[rz + jj] as number);
  }
  for (let k = 0; k < K; k++) {
    const rs = offs + k * lds;
    const rz = offz + k * ldz;
    const rg = offg + k * ldg;
    for (let jj = 0; jj < nb; jj++)
      dG[rg + jj] = (S[rs + jj] as number) * ((dZ[rz + jj] as number) - (t[jj] as number)) * invN;
  }
}

/**
 * Cross-entropy on blocks. With m = max_k z_k, E_k = exp(z_k − m), u = Σ_{k≠y} E_k, S = E_y + u (ce.ts):
 * ℓ = (m − z_y) + log1p((E_y − 1) + u), ∇ℓ = E/S − e_y with the label entry written −u/S.
 */
function ceBlockLoss(K: number, counts: readonly number[], y: Int32Array, nbMax: number): BlockLoss {
  const cum = cumulative(counts);
  const m = new Float64Array(nbMax);
  const u = new Float64Array(nbMax);
  const ey = new Float64Array(nbMax);
  const sc = new Float64Array(nbMax);
  return {
    stateSize: K * y.length,
    value: (nb, j0, Z, ldz, offz) => ceValue(K, cum, y, nb, j0, Z, ldz, offz, m, u, ey),
    valueGrad: (nb, j0, Z, ldz, offz, G, ldg, offg, invN) =>
      ceValueGrad(K, cum, y, nb, j0, Z, ldz, offz, G, ldg, offg, invN, m, u, ey, sc),
    prep: (nb, j0, Z, ldz, offz, S, lds, offs) => cePrep(K, cum, nb, j0, Z, ldz, offz, S, lds, offs, m, u, ey, sc),
    apply: (nb, _j0, S, lds, offs, dZ, ldz, offz, dG, ldg, offg, invN) =>
      ceApply(K, nb, S, lds, offs, dZ, ldz, offz, dG, ldg, offg, invN, sc),
  };
}

/** Squared loss ½‖z − e_y‖² on blocks: ∇ℓ = z − e_y, ∇²ℓ = I. */
function mseBlockLoss(K: number, counts: readonly number[]): BlockLoss {
  const cum = cumulative(counts);
  return {
    stateSize: 0,
    value(nb, j0, Z, ldz, offz): number {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const rz = offz + k * ldz;
        const lo = classLo(cum, k, j0, nb);
        const hi = classLo(cum, k + 1, j0, nb);
        for (let jj = 0; jj < lo; jj++) {
          const r = Z[rz + jj] as number;
          s += r * r;
        }
        for (let jj = lo; jj < hi; jj++) {
          const r = (Z[rz + jj] as number) - 1;
          s += r * r;
        }
        for (let jj = hi; jj < nb; jj++) {
          const r = Z[rz + jj] as number;
          s += r * r;
        }
      }
      return 0.5 * s;
    },
    valueGrad(nb, j0, Z, ldz, offz, G, ldg, offg, invN): number {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const rz = offz + k * ldz;
        const rg = offg + k * ldg;
        const lo = classLo(cum, k, j0, nb);
        const hi = classLo(cum, k + 1, j0, nb);
        for (let jj = 0; jj < lo; jj++) {
          const r = Z[rz + jj] as number;
          s += r * r;
          G[rg + jj] = r * invN;
        }
        for (let jj = lo; jj < hi; jj++) {
          const r = (Z[rz + jj] as number) - 1;
          s += r * r;
          G[rg + jj] = r * invN;
        }
        for (let jj = hi; jj < nb; jj++) {
          const r = Z[rz + jj] as number;
          s += r * r;
          G[rg + jj] = r * invN;
        }
      }
      return 0.5 * s;
    },
    prep(): void {},
    apply(nb, _j0, _S, _lds, _offs, dZ, ldz, offz, dG, ldg, offg, invN): void {
      for (let k = 0; k < K; k++) {
        const rz = offz + k * ldz;
        const rg = offg + k * ldg;
        for (let jj = 0; jj < nb; jj++) dG[rg + jj] = (dZ[rz + jj] as number) * invN;
      }
    },
  };
}

/** Any columnLoss-built loss: its per-column kernels on strided column views; Hessian state = the logits. */
function kernelBlockLoss(K: number, N: number, y: Int32Array, kern: ColumnKernels): BlockLoss {
  const { value: kValue, grad: kGrad, hvp: kHvp } = kern;
  return {
    stateSize: K * N,
    value(nb, j0, Z, ldz, offz): number {
      let s = 0;
      for (let jj = 0; jj < nb; jj++) s += kValue(K, Z, ldz, offz + jj, y[j0 + jj] as number);
      return s;
    },
    valueGrad(nb, j0, Z, ldz, offz, G, ldg, offg, invN): number {
      let s = 0;
      for (let jj = 0; jj < nb; jj++) s += kGrad(K, Z, ldz, offz + jj, y[j0 + jj] as number, G, ldg, offg + jj);
      for (let k = 0; k < K; k++) {
        const rg = offg + k * ldg;
        for (let jj = 0; jj < nb; jj++) G[rg + jj] = (G[rg + jj] as number) * invN;
      }
      return s;
    },
    prep(nb, _j0, Z, ldz, offz, S, lds, offs): void {
      for (let k = 0; k < K; k++) S.set(Z.subarray(offz + k * ldz, offz + k * ldz + nb), offs + k * lds);
    },
    apply(nb, j0, S, lds, offs, dZ, ldz, offz, dG, ldg, offg, invN): void {
      for (let jj = 0; jj < nb; jj++)
        kHvp(K, S, lds, offs + jj, y[j0 + jj] as number, dZ, ldz, offz + jj, dG, ldg, offg + jj);
      for (let k = 0; k < K; k++) {
        const rg = offg + k * ldg;
        for (let jj = 0; jj < nb; jj++) dG[rg + jj] = (dG[rg + jj] as number) * invN;
      }
    },
  };
}

/**
 * The block kernels for `loss`, or undefined when the loss exposes no column kernels (then the model takes its
 * generic, unfused path through the LogitLoss methods).
 * @param loss - the loss
 * @param counts - per-class counts (class-major labels)
 * @param y - the class-major labels (length N)
 * @param nbMax - the widest block that will be passed
 */
export function blockLossFor(
  loss: LogitLoss,
  counts: readonly number[],
  y: Int32Array,
  nbMax: number,
): BlockLoss | undefined {
  const K = counts.length;
  if (loss === ce) return ceBlockLoss(K, counts, y, nbMax);
  if (loss === mse) return mseBlockLoss(K, counts);
  const kern = columnKernelsOf(loss);
  return kern === undefined ? undefined : kernelBlockLoss(K, y.length, y, kern);
}
