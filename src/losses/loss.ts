/**
 * A loss on logits (STYLE.md §2.3). Z is K×N row-major, column j = sample j, labels y[j] ∈ {0..K−1}.
 * The loss part of the UFM objective is g(Z) = (1/N) Σ_j ℓ(Z[:,j], y_j) (THEORY.md §0.1; for MSE ℓ carries
 * the 1/2: ℓ(z, y) = ½‖z − e_y‖²).
 */
import type { Mat } from '../core/index.ts';

/** Facts a claim may rely on; each is pinned by a unit test. */
export interface LossTraits {
  /** ℓ(·, y) is convex in z. */
  readonly convexInZ: boolean;
  /** ℓ(Pz, Py) = ℓ(z, y) for every permutation P of the classes. */
  readonly permutationEquivariant: boolean;
  /** ℓ(z + c·1, y) = ℓ(z, y) (CE-like); then 1ᵀ∇ℓ = 0. */
  readonly shiftInvariant: boolean;
}

export interface LogitLoss {
  /** Id used in fixtures and CLI flags: 'ce', 'mse', 'ls(0.1)', … */
  readonly id: string;
  /** Citation for the loss form, e.g. 'THEORY.md §0.1'. */
  readonly cite: string;
  readonly traits: LossTraits;
  /** g(Z) = (1/N) Σ_j ℓ(Z[:,j], y_j). */
  value(Z: Mat, y: Int32Array): number;
  /** Writes ∇_Z g into `G` (shape of Z, includes the 1/N) and returns g(Z). Allocates nothing. */
  valueAndGrad(Z: Mat, y: Int32Array, G: Mat): number;
  /** Writes the exact ∇²_Z g[V] into `out` (includes the 1/N). Block-diagonal by column. */
  hvp(Z: Mat, y: Int32Array, V: Mat, out: Mat): void;
}

/**
 * Per-sample kernels in stdlib ndarray style: z_k = z[offsetZ + k·strideZ], k < K. These do NOT include 1/N.
 * A new loss variant is one file that calls `columnLoss` with these three.
 */
export interface ColumnKernels {
  value(K: number, z: Float64Array, strideZ: number, offsetZ: number, y: number): number;
  /** Writes ∂ℓ/∂z into g and returns ℓ. */
  grad(
    K: number,
    z: Float64Array,
    strideZ: number,
    offsetZ: number,
    y: number,
    g: Float64Array,
    strideG: number,
    offsetG: number,
  ): number;
  /** Writes ∇²ℓ(z)·v into out. */
  hvp(
    K: number,
    z: Float64Array,
    strideZ: number,
    offsetZ: number,
    y: number,
    v: Float64Array,
    strideV: number,
    offsetV: number,
    out: Float64Array,
    strideOut: number,
    offsetOut: number,
  ): void;
}
