/**
 * Points and measurements shared by the symmetry-projector tests (symmetryProjector.ts; THEORY.md §0 for the O(d)
 * symmetry): a seeded point u = [W K×d | U d×K | b K] of the scaled collapsed layout whose feature coordinates r are
 * scaled by `scales[r]` (so S = WᵀW + UUᵀ spans as many decades as wanted), the spectrum of S computed independently
 * of the projector, and the dense matrix of P.
 */
import { createRng } from '../../../../src/core/index.ts';
import { symEigPacked } from '../../../../src/linalg/index.ts';

/** u ~ N(0, 1) entrywise (seeded), then W's column r and U's row r multiplied by scales[r], all of W, U by `mult`. */
export function scaledPoint(
  K: number,
  d: number,
  bias: boolean,
  seed: number,
  scales: readonly number[] | null,
  mult = 1,
): Float64Array {
  const n = 2 * K * d + (bias ? K : 0);
  const rng = createRng(seed);
  const u = Float64Array.from({ length: n }, () => rng.normal());
  for (let k = 0; k < K; k++)
    for (let r = 0; r < d; r++) {
      const s = (scales?.[r] ?? 1) * mult;
      u[k * d + r] = (u[k * d + r] as number) * s;
      u[K * d + r * K + k] = (u[K * d + r * K + k] as number) * s;
    }
  return u;
}

/** Eigenvalues of S = WᵀW + UUᵀ (d×d), descending, from the dense eigensolver. */
export function spectrumOfS(K: number, d: number, u: Float64Array): number[] {
  const S = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let k = 0; k < K; k++)
        s +=
          (u[k * d + a] as number) * (u[k * d + b] as number) +
          (u[K * d + a * K + k] as number) * (u[K * d + b * K + k] as number);
      S[a * d + b] = s;
    }
  return Array.from(symEigPacked(d, S).values).sort((x, y) => y - x);
}

/** Dense n×n matrix of a linear map given by its action (column j = map(e_j)). */
export function denseOf(n: number, map: (v: Float64Array, out: Float64Array) => void): Float64Array {
  const P = new Float64Array(n * n),
    e = new Float64Array(n),
    col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    map(e, col);
    for (let i = 0; i < n; i++) P[i * n + j] = col[i] as number;
  }
  return P;
}

/** max |P − Pᵀ| and max |P² − P| (entrywise) of an n×n matrix. */
export function projectorErrors(n: number, P: Float64Array): { asym: number; idem: number } {
  let asym = 0,
    idem = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      asym = Math.max(asym, Math.abs((P[i * n + j] as number) - (P[j * n + i] as number)));
      let s = 0;
      for (let k = 0; k < n; k++) s += (P[i * n + k] as number) * (P[k * n + j] as number);
      idem = Math.max(idem, Math.abs(s - (P[i * n + j] as number)));
    }
  return { asym, idem };
}
