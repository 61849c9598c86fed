/**
 * The contract between models and solvers/certificates: an objective over one flat
 * parameter vector θ ∈ R^dim (pymanopt's Problem, STYLE.md §1.5).
 */
import type { CgKernels } from '../linalg/index.ts';

/** A symmetric linear operator on R^dim, e.g. the Hessian ∇²f(θ) at a fixed θ. */
export interface LinOp {
  readonly dim: number;
  /** Writes out ← A·v. `out` and `v` never alias. Allocates nothing. */
  apply(v: Float64Array, out: Float64Array): void;
}

/** A smooth objective f: R^dim → R with exact first and second derivatives. */
export interface Objective {
  readonly dim: number;
  /** f(θ). */
  value(theta: Float64Array): number;
  /** Writes ∇f(θ) into `g` (length dim) and returns f(θ). Allocates nothing in steady state. */
  valueAndGrad(theta: Float64Array, g: Float64Array): number;
  /**
   * The exact Hessian operator v ↦ ∇²f(θ)·v at θ (no finite differences). Everything that depends
   * only on θ (logits, softmax) is computed once here, so repeated `apply` calls (CG, Lanczos) are cheap.
   * The operator keeps its own copy of θ: later changes to `theta` do not affect it.
   */
  hessianAt(theta: Float64Array): LinOp;
  /**
   * Optional: CG kernels (src/linalg/cgKernels.ts) over `slots` vectors of length dim that live in the objective's
   * own memory, so that its Hessian operators read and write vectors of that workspace in place instead of copying
   * them into and out of the model's heap (issue 13 item 4: two 20 MB copies per HVP at (K, d, n) = (10, 512, 500)).
   * Undefined when the objective has no such memory; the caller then allocates its own kernels. Each call returns a
   * fresh workspace; results never depend on where the vectors live.
   */
  vectorWorkspace?(slots: number): CgKernels | undefined;
}
