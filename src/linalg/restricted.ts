/**
 * Extreme curvature of a symmetric operator restricted to the orthogonal complement of a subspace (the tangent
 * space of a symmetry orbit, whose exact zero eigenvalues must not be read as λ_min): Lanczos on
 * P⊥ A P⊥ + c·P, with c = 2|λ_max| + 1 found by a first run, so the deflated directions sit above the spectrum.
 */
import type { Rng } from '../core/index.ts';
import { lanczos } from './lanczos.ts';
import type { SymmetricOperator } from './lanczos.ts';
import { dot } from './vec.ts';

export interface RestrictedExtremes {
  /** λ_min of A on span(basis)^⊥ (a Rayleigh quotient). */
  readonly lambdaMin: number;
  /** λ_max estimate of P⊥AP⊥ (first run, tolerance 1e-6). */
  readonly lambdaMax: number;
  readonly residualMin: number;
  readonly converged: boolean;
}

/**
 * @param op - the symmetric operator A
 * @param basis - orthonormal vectors spanning the subspace to deflate (see `orthonormalize`)
 * @param rng - seeds both Lanczos start vectors
 * @param tol - absolute and relative residual target of the λ_min run
 */
export function restrictedExtremes(
  op: SymmetricOperator,
  basis: readonly Float64Array[],
  rng: Rng,
  tol: number,
): RestrictedExtremes {
  const n = op.dim;
  const w = new Float64Array(n),
    pv = new Float64Array(n);
  const project = (v: Float64Array, out: Float64Array): void => {
    out.set(v);
    for (const e of basis) {
      const c = dot(e, out);
      for (let i = 0; i < n; i++) out[i] = (out[i] as number) - c * (e[i] as number);
    }
  };
  let shift = 0;
  const deflated: SymmetricOperator = {
    dim: n,
    apply(v: Float64Array, out: Float64Array): void {
      project(v, pv);
      op.apply(pv, w);
      project(w, out);
      if (shift !== 0)
        for (let i = 0; i < n; i++) out[i] = (out[i] as number) + shift * ((v[i] as number) - (pv[i] as number));
    },
  };
  const first = lanczos(deflated, { rng: rng.fork(1), which: 'max', tol: 1e-6, relTol: 1e-6 });
  shift = 2 * Math.abs(first.lambdaMax) + 1;
  const r = lanczos(deflated, { rng: rng.fork(2), which: 'min', tol, relTol: tol });
  return { lambdaMin: r.lambdaMin, lambdaMax: first.lambdaMax, residualMin: r.residualMin, converged: r.converged };
}

/**
 * As {@link restrictedExtremes}, with the orthogonal projector P onto the deflated subspace applied on the fly (no
 * basis vectors stored; e.g. the UFM rotation orbit, certified/ufm/symmetryProjector.ts).
 *
 * @param op - the symmetric operator A
 * @param project - writes out ← P v (v and out never alias); P symmetric and idempotent
 * @param rng - seeds both Lanczos start vectors
 * @param tol - absolute and relative residual target of the λ_min run
 * @returns the extremes; `shift` is the c of P⊥AP⊥ + c·P used by the λ_min run
 */
export function restrictedExtremesProjected(
  op: SymmetricOperator,
  project: (v: Float64Array, out: Float64Array) => void,
  rng: Rng,
  tol: number,
): RestrictedExtremes & { readonly shift: number } {
  const n = op.dim;
  const w = new Float64Array(n),
    pv = new Float64Array(n),
    pw = new Float64Array(n);
  let shift = 0;
  const deflated: SymmetricOperator = {
    dim: n,
    apply(v: Float64Array, out: Float64Array): void {
      project(v, pw);
      for (let i = 0; i < n; i++) pv[i] = (v[i] as number) - (pw[i] as number); // P⊥ v
      op.apply(pv, w);
      project(w, out);
      for (let i = 0; i < n; i++) out[i] = (w[i] as number) - (out[i] as number) + shift * (pw[i] as number);
    },
  };
  const first = lanczos(deflated, { rng: rng.fork(1), which: 'max', tol: 1e-6, relTol: 1e-6 });
  shift = 2 * Math.abs(first.lambdaMax) + 1;
  const r = lanczos(deflated, { rng: rng.fork(2), which: 'min', tol, relTol: tol });
  return {
    lambdaMin: r.lambdaMin,
    lambdaMax: first.lambdaMax,
    residualMin: r.residualMin,
    converged: r.converged,
    shift,
  };
}
