/**
 * Small dense helpers for the geometry module (K×K, d×K products). Not hot paths: the metrics touch the d×N feature
 * matrix only through class means and one pass for the within-class scatter, so plain loops suffice here.
 * Private to src/geometry (STYLE.md §2.2: `_internals` are not imported from outside the module).
 */
import type { Mat } from '../../core/index.ts';
import { zeros } from '../../core/index.ts';

/** Returns A·B (A m×k, B k×n). */
export function mul(A: Mat, B: Mat): Mat {
  const m = A.rows,
    k = A.cols,
    n = B.cols;
  const C = zeros(m, n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const a = A.data[i * k + p] as number;
      if (a === 0) continue;
      for (let j = 0; j < n; j++) C.data[i * n + j] = (C.data[i * n + j] as number) + a * (B.data[p * n + j] as number);
    }
  }
  return C;
}

/** Returns A·Aᵀ (A m×k). */
export function gramRows(A: Mat): Mat {
  const m = A.rows,
    k = A.cols;
  const C = zeros(m, m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let t = 0;
      for (let p = 0; p < k; p++) t += (A.data[i * k + p] as number) * (A.data[j * k + p] as number);
      C.data[i * m + j] = t;
      C.data[j * m + i] = t;
    }
  }
  return C;
}

/** Returns Aᵀ·A (A k×m). */
export function gramCols(A: Mat): Mat {
  const k = A.rows,
    m = A.cols;
  const C = zeros(m, m);
  for (let p = 0; p < k; p++) {
    for (let i = 0; i < m; i++) {
      const a = A.data[p * m + i] as number;
      if (a === 0) continue;
      for (let j = 0; j < m; j++) C.data[i * m + j] = (C.data[i * m + j] as number) + a * (A.data[p * m + j] as number);
    }
  }
  return C;
}

/** Returns ‖A‖_F². */
export function frob2(A: Mat): number {
  let t = 0;
  for (let i = 0; i < A.data.length; i++) t += (A.data[i] as number) * (A.data[i] as number);
  return t;
}

/** Returns a·A + c·B (same shapes). */
export function lincomb(a: number, A: Mat, c: number, B: Mat): Mat {
  const C = zeros(A.rows, A.cols);
  for (let i = 0; i < C.data.length; i++) C.data[i] = a * (A.data[i] as number) + c * (B.data[i] as number);
  return C;
}

/** Returns s·A. */
export function scaled(s: number, A: Mat): Mat {
  const C = zeros(A.rows, A.cols);
  for (let i = 0; i < C.data.length; i++) C.data[i] = s * (A.data[i] as number);
  return C;
}
