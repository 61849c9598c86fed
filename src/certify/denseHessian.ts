/**
 * The dense Hessian of a small objective, assembled column by column from exact Hessian-vector products, and its
 * full spectrum (a cross-check for Lanczos in tests; issue 4 item 1). Cost: dim HVPs plus an O(dim³)
 * eigendecomposition (≈0.3 s at dim = 400), so it is refused above `maxDim`.
 */
import type { Objective } from '../models/index.ts';
import { symEigPacked } from '../linalg/index.ts';

export interface DenseHessian {
  readonly dim: number;
  /** dim×dim row-major, symmetrised: (A + Aᵀ)/2 of the assembled columns. */
  readonly H: Float64Array;
  /** max_ij |A_ij − A_ji| / max(max_ij |A_ij|, tiny): 0 for an exactly symmetric product, ~1e-16 from rounding. */
  readonly asymmetry: number;
}

export interface DenseHessianSpectrum extends DenseHessian {
  /** Eigenvalues of the symmetrised Hessian, ascending. */
  readonly values: Float64Array;
  /** Unit eigenvectors in the columns of a dim×dim row-major matrix. */
  readonly vectors: Float64Array;
}

export interface DenseHessianOptions {
  /** Largest dimension accepted. @defaultValue 400 */
  readonly maxDim?: number;
}

/**
 * Assembles ∇²f(θ) from dim Hessian-vector products e_j ↦ ∇²f e_j, and symmetrises it.
 * @throws RangeError if obj.dim > maxDim
 */
export function denseHessian(obj: Objective, theta: Float64Array, options: DenseHessianOptions = {}): DenseHessian {
  const n = obj.dim;
  const maxDim = options.maxDim ?? 400;
  if (n > maxDim) throw new RangeError(`denseHessian: dim ${n} exceeds maxDim ${maxDim}`);
  const op = obj.hessianAt(theta);
  const A = new Float64Array(n * n);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e[j] = 1;
    op.apply(e, col);
    e[j] = 0;
    for (let i = 0; i < n; i++) A[i * n + j] = col[i]!;
  }
  let amaxAll = 0;
  let asym = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = Math.abs(A[i * n + j]!);
      if (a > amaxAll || a !== a) amaxAll = a;
      if (j > i) {
        const d = Math.abs(A[i * n + j]! - A[j * n + i]!);
        if (d > asym || d !== d) asym = d;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = 0.5 * (A[i * n + j]! + A[j * n + i]!);
      A[i * n + j] = s;
      A[j * n + i] = s;
    }
  }
  return { dim: n, H: A, asymmetry: asym / Math.max(amaxAll, Number.MIN_VALUE) };
}

/**
 * Dense Hessian and its full eigendecomposition (Householder + implicit QL, src/linalg/denseEig.ts).
 * @throws RangeError if obj.dim > maxDim
 * @example
 * const s = denseHessianEig(obj, theta);
 * // s.values[0] => λ_min(∇²f(θ))
 */
export function denseHessianEig(
  obj: Objective,
  theta: Float64Array,
  options: DenseHessianOptions = {},
): DenseHessianSpectrum {
  const dh = denseHessian(obj, theta, options);
  const { values, vectors } = symEigPacked(dh.dim, dh.H);
  return { ...dh, values, vectors };
}
