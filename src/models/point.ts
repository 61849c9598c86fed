/**
 * One point shape for every model (issue 14 item 1): the model's id, its problem, and θ in the layout of the model's
 * objective (this folder: ufmLayout.ts for the plain UFM, extended.ts, ulpm.ts, fixedFeatures.ts). The certified
 * models (src/certified/model.ts) solve, certify and write points of this shape; the plain UFM's point files
 * (src/claim/point.ts: `solve --save`, `metrics`, `certify --point`) read into its 'ufm' case, and keep their format
 * without a `model` field.
 */
import type { UfmProblem } from './problem.ts';

/** A point of a model: the model's id, the problem, θ in the model's layout. */
export interface ModelPoint<P = unknown> {
  /** The model's id (`--model`, the `model` field of point files; 'ufm' for the plain UFM). */
  readonly model: string;
  readonly problem: P;
  readonly theta: Float64Array;
  /** The seed that drew the point's data, for a model whose data is random (fixed features: H = H* + E). */
  readonly seed?: number;
}

/** The plain UFM's case: θ in the UFM layout (ufmLayout.ts). */
export interface UfmModelPoint extends ModelPoint<UfmProblem> {
  readonly model: 'ufm';
}
