/**
 * A diagonal change of variables θ = s ⊙ u of an objective: f̃(u) = f(s ⊙ u), ∇f̃ = s ⊙ ∇f, ∇²f̃ v = s ⊙ ∇²f (s ⊙ v).
 *
 * Used to give the collapsed UFM (ufmCollapsed.ts) the metric of the full problem: with u_k = √n_k · h̄_k the
 * collapsed subspace {H = H̄ ⊗ 1ᵀ} is embedded isometrically (‖H‖_F² = Σ_k ‖u_k‖²), so at a collapsed point
 * ‖∇f̃(u)‖ = ‖∇f(θ)‖ exactly (∂f̃/∂u_k = √n_k ∂f/∂h_{k,i}, and class k contributes n_k‖∂f/∂h_{k,i}‖² to ‖∇f‖²), and
 * the Hessian of f̃ is the full Hessian restricted to the collapsed subspace in orthonormal coordinates.
 */
import type { LinOp, Objective } from './objective.ts';

export interface ScaledObjective extends Objective {
  /** θ = s ⊙ u (writes into `out` when given). */
  toTheta(u: Float64Array, out?: Float64Array): Float64Array;
  /** u = θ ⊘ s. */
  fromTheta(theta: Float64Array): Float64Array;
}

/**
 * Wraps `obj` in the change of variables θ = s ⊙ u.
 * @param obj - objective in θ
 * @param s - positive scales, length obj.dim
 * @throws RangeError if a scale is not positive and finite or the length is wrong
 */
export function scaledObjective(obj: Objective, s: Float64Array): ScaledObjective {
  const n = obj.dim;
  if (s.length !== n) throw new RangeError(`scales have length ${s.length}; expected ${n}`);
  for (let i = 0; i < n; i++)
    if (!((s[i] as number) > 0) || !Number.isFinite(s[i] as number))
      throw new RangeError(`scale ${i} must be positive and finite`);
  const theta = new Float64Array(n);
  const toTheta = (u: Float64Array, out: Float64Array = new Float64Array(n)): Float64Array => {
    for (let i = 0; i < n; i++) out[i] = (s[i] as number) * (u[i] as number);
    return out;
  };
  return {
    dim: n,
    toTheta,
    fromTheta(t: Float64Array): Float64Array {
      const u = new Float64Array(n);
      for (let i = 0; i < n; i++) u[i] = (t[i] as number) / (s[i] as number);
      return u;
    },
    value(u: Float64Array): number {
      return obj.value(toTheta(u, theta));
    },
    valueAndGrad(u: Float64Array, g: Float64Array): number {
      const f = obj.valueAndGrad(toTheta(u, theta), g);
      for (let i = 0; i < n; i++) g[i] = (s[i] as number) * (g[i] as number);
      return f;
    },
    hessianAt(u: Float64Array): LinOp {
      const op = obj.hessianAt(toTheta(u));
      const sv = new Float64Array(n);
      return {
        dim: n,
        apply(v: Float64Array, out: Float64Array): void {
          for (let i = 0; i < n; i++) sv[i] = (s[i] as number) * (v[i] as number);
          op.apply(sv, out);
          for (let i = 0; i < n; i++) out[i] = (s[i] as number) * (out[i] as number);
        },
      };
    },
  };
}
