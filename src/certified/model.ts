/**
 * The per-model interface of the certified-solving layer (issue 14 item 1): what every model — plain UFM, extended,
 * ReLU, ULPM, fixed features — offers the CLI, the fixtures and the claims, so a new model is a few files (its
 * objective in src/models, its pipeline and a `model.ts` in src/certified/<model>/, one line in registry.ts;
 * docs/contributing.md "Adding a model").
 *
 * One point shape for every model: {@link ModelPoint} (src/models/point.ts) = the model's id, its problem, and θ in the
 * model's layout (the layout of its objective in src/models); the plain UFM's point files read into its 'ufm' case. Point files are the model's {@link CertifiedModel.pointToJson}
 * object with a `model` field; a file without one is a plain-UFM point (the format `solve --save` always wrote).
 */
import type { ModelPoint } from '../models/index.ts';
import type { FlagValues } from './flags.ts';

/** A point of a model: the model's id, the problem, θ in the model's layout (the shape lives in src/models/point.ts). */
export type { ModelPoint } from '../models/index.ts';

/** Options of one solve (seeded: the same options give the same point). */
export interface ModelSolveOptions {
  readonly seed: number;
  /** Target ‖∇f‖₂; the model's default when absent. */
  readonly tol?: number | undefined;
  /** Iteration cap of the main solver; the model's default when absent. */
  readonly maxIter?: number | undefined;
  /** Fixed step of a gradient method; the model's default when absent. */
  readonly step?: number | undefined;
}

/** What a solve found: the point, its status and exit code, and the flat record `solve --model` reports. */
export interface ModelSolution<P = unknown> {
  readonly point: ModelPoint<P>;
  /** 'converged', 'max-iter', 'non-finite', 'computed', … (the solvers' statuses, or the model's own). */
  readonly status: string;
  /** 0 certified/finite, 2 inconclusive (never reported as a success). */
  readonly exit: 0 | 2;
  /** Key → number | string | null, in print order; `solve --model M --json` adds seconds, seed and exitCode. */
  readonly summary: Readonly<Record<string, unknown>>;
}

/** A model's certificate of a point, in one shape across models. */
export interface ModelCertificate {
  /** 'local-min', 'strict-saddle', 'degenerate', 'inconclusive', or the model's own kind (e.g. 'margin', 'ridge'). */
  readonly kind: string;
  /** False when the certificate could not decide (numerical failure is inconclusive, never a pass). */
  readonly certified: boolean;
  /** One line saying what decided the kind. */
  readonly why: string;
  /** The certificate's figures (gradNorm, λ_min or μ, residual, tolerance, …). */
  readonly evidence: Readonly<Record<string, unknown>>;
}

/**
 * The symmetries the model's curvature certificate quotients out at a point: an orthonormal (or spanning) tangent
 * basis of the symmetry orbit, in the layout named by `space` (the point's θ, or the reduction's u).
 */
export interface ModelSymmetries {
  readonly space: 'point' | 'reduction';
  readonly basis: readonly Float64Array[];
  /** Which group (THEORY.md section). */
  readonly what: string;
}

/** An exact reduction of the problem (e.g. the collapsed n = 1 problem) the certificate may be computed on. */
export interface ModelReduction<R = unknown> {
  /** One line: what is reduced and why it is exact (THEORY.md section). */
  readonly what: string;
  /** The model's reduction object (its pipeline's type). */
  readonly reduced: R;
}

/** What `fromFlags` returns: the problem, and solve options given by flags (absent = the model's defaults). */
export interface FlagInstance<P> {
  readonly problem: P;
  readonly options: Omit<ModelSolveOptions, 'seed'>;
}

/**
 * One model of the certified layer. Methods (not function-valued properties), so a `CertifiedModel<UfmProblem>`
 * is a `CertifiedModel` of the registry.
 */
export interface CertifiedModel<P = unknown, R = unknown> {
  /** The `--model` value and the `model` field of point files. */
  readonly id: string;
  /** One line for lists. */
  readonly summary: string;
  /** The `solve` flags this model honours, with their parseArgs types (issue 12: every other flag is rejected). */
  readonly flags: Readonly<Record<string, 'string' | 'boolean'>>;
  /** Its lines in `solve --help`'s "Models" section (absent: covered by another model's lines). */
  readonly help?: string;
  /** The id prefixes of its claims (`verify --model <id>` runs the claims whose ids start with one of them). */
  readonly claimPrefixes: readonly string[];
  /** The problem and solve options from `solve` flags. @throws UsageError naming the flag */
  fromFlags(v: FlagValues): FlagInstance<P>;
  /** Validates a problem from JSON (fixtures, point files). @throws UsageError naming the field */
  parseProblem(u: unknown, where?: string): P;
  /** The problem's JSON form (`n` when balanced, else `counts`); {@link parseProblem} reads it back. */
  problemToJson(p: P): Record<string, unknown>;
  /** One seeded solve. */
  solve(p: P, o: ModelSolveOptions): ModelSolution<P>;
  /** The model's certificate of a point. */
  certify(point: ModelPoint<P>, o: { readonly seed: number; readonly gradTol?: number }): ModelCertificate;
  /** The symmetry tangents the certificate quotients out at the point; undefined when it quotients no known group. */
  symmetries(point: ModelPoint<P>): ModelSymmetries | undefined;
  /** The exact reduction of the problem, when there is one. */
  reduction(p: P): ModelReduction<R> | undefined;
  /** The point file object (with `model`, except the plain UFM's historical format). */
  pointToJson(point: ModelPoint<P>): Record<string, unknown>;
  /** Reads a point file object. @throws UsageError naming the field */
  parsePoint(u: unknown): ModelPoint<P>;
}
