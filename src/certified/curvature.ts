/**
 * The curvature certificate's shape, one for every model: λ_min of the Hessian modulo the model's symmetries, by
 * Lanczos on the Hessian of the collapsed (reduced) problem with the symmetry tangents deflated (shifted above the
 * spectrum), and the lower bound on the full problem's curvature derived from it (THEORY.md §1.2 item 2, §2.4).
 * The plain UFM's `RestrictedCurvature` (ufm/curvature.ts) is this shape plus the Rayleigh quotient and the
 * collapsed flag; the extended and ReLU models' curvature (extended/solve.ts `extendedCurvature`) is this shape.
 *
 * `muCollapsed` differs in rigour between the two producers, recorded so a reader does not assume more: the plain
 * UFM's is certified (λ̂ − residual − rounding − projection slack); the extended model's is the Lanczos Rayleigh
 * quotient λ̂ itself (an upper bound on λ_min; the rank-r frame claims subtract `residual` where they compare), and
 * its `mu` is min(λ̂ − residual − rounding, λ_{H1}) with the plain UFM's rounding term 8·dim·u·|λ_max|
 * (extended/solve.ts hvpRounding).
 */

/** Curvature modulo symmetry at a collapsed point, from one deflated Lanczos run. */
export interface CurvatureCertificate {
  /** λ_min of the collapsed block's Hessian on the complement of the deflated tangents (rigour: module doc). */
  readonly muCollapsed: number;
  /** The curvature the tolerances use: muCollapsed, or its min with the within-class block's λ_H (λ_{H1}). */
  readonly mu: number;
  /** Largest Hessian eigenvalue seen (collapsed block, deflated). */
  readonly lambdaMax: number;
  /** Explicit Lanczos residual ‖Hx − λx‖ of the μ Ritz pair. */
  readonly residual: number;
  readonly converged: boolean;
  /** Number of symmetry tangents deflated. */
  readonly deflated: number;
}
