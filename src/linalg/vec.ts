/**
 * Level-1 kernels on whole Float64Arrays (the vector algebra solvers and certificates need).
 * Reductions use four accumulators so V8 can overlap the adds.
 */

/** Returns xᵀy over the first `n` entries (default: x.length). */
export function dot(x: Float64Array, y: Float64Array, n: number = x.length): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += (x[i] as number) * (y[i] as number);
    s1 += (x[i + 1] as number) * (y[i + 1] as number);
    s2 += (x[i + 2] as number) * (y[i + 2] as number);
    s3 += (x[i + 3] as number) * (y[i + 3] as number);
  }
  for (; i < n; i++) s0 += (x[i] as number) * (y[i] as number);
  return s0 + s1 + (s2 + s3);
}

/** Returns ‖x‖₂ (plain sum of squares; inputs here are never near overflow). */
export function nrm2(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

/** Returns ‖x‖_∞. */
export function amax(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i] as number);
    if (a > m || a !== a) m = a; // propagate NaN
  }
  return m;
}

/** Writes y ← a·x + y. */
export function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = (y[i] as number) + a * (x[i] as number);
}

/** Writes x ← a·x. */
export function scal(a: number, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] = a * (x[i] as number);
}

/** Writes out ← x + a·y (out may alias x or y). */
export function addScaled(x: Float64Array, a: number, y: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = (x[i] as number) + a * (y[i] as number);
}

/** True when every entry is finite. */
export function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i] as number)) return false;
  return true;
}

/**
 * Orthonormal basis of span(vectors) by two passes of modified Gram–Schmidt ("twice is enough"); a vector whose
 * component outside the span found so far is ≤ relDrop × its norm is dropped as dependent. Overwrites the inputs
 * it keeps (they become the basis vectors) and returns them.
 */
export function orthonormalize(vectors: readonly Float64Array[], relDrop = 1e-9): Float64Array[] {
  const basis: Float64Array[] = [];
  for (const t of vectors) {
    const n0 = nrm2(t);
    if (n0 === 0) continue;
    for (let pass = 0; pass < 2; pass++) for (const e of basis) axpy(-dot(e, t), e, t);
    const n1 = nrm2(t);
    if (n1 <= relDrop * n0) continue;
    scal(1 / n1, t);
    basis.push(t);
  }
  return basis;
}
