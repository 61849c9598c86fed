/**
 * Claims and verdicts (STYLE.md §2.3). A claim is an executable statement from a paper: an arbitrary that draws
 * instances, and a check that solves/certifies and compares with the theory's prediction.
 */
import type { Arbitrary } from 'fast-check';

/**
 * pass: the statement holds within the certified tolerance. fail: it is violated beyond the tolerance.
 * inconclusive: the point could not be certified (iteration cap, NaN, residual too large) — never a pass.
 */
export type VerdictStatus = 'pass' | 'fail' | 'inconclusive';

export interface Verdict {
  readonly status: VerdictStatus;
  /** The measured quantity that decided the verdict (e.g. an NC2 distance, a value f). */
  readonly measured: number;
  /** What the theory predicts for it. */
  readonly predicted: number;
  /** The certified tolerance on |measured − predicted|. */
  readonly tolerance: number;
  /** |measured − predicted| / tolerance: ≤ 1 passes. The CLI reports the worst margin. */
  readonly margin: number;
  /** One line saying what was compared and why it decided. */
  readonly why: string;
  /** Extra evidence for reports and fixtures (JSON-serialisable). */
  readonly details?: Readonly<Record<string, unknown>>;
  /**
   * Resolving power (issue 9 item 3), per predicted quantity ('value', 'gram', 'norm', 'bias', 'threshold', …):
   * the smallest relative perturbation ε of that prediction which this instance is guaranteed to refute,
   * (tolerance + |measured − predicted|) / ‖predicted‖ by the triangle inequality. Absent when not meaningful.
   */
  readonly resolution?: Readonly<Record<string, number>>;
}

/** JSON-serialisable instance (fixtures store instances verbatim, so replay never depends on generators). */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

export interface Claim<I extends Json = Json> {
  /** Dotted stable id `<loss>.<object>.<property>`, e.g. 'ce.global-min.simplex-etf'. */
  readonly id: string;
  /** 'Zhu et al. 2021, Thm 3.1; THEORY.md §1.1'. */
  readonly cite: string;
  /** One-line statement. */
  readonly statement: string;
  /** 'claim' must pass; 'control' is a nearby false statement that must be refuted. */
  readonly kind: 'claim' | 'control';
  /** For a control: the id of the claim it shadows. */
  readonly controls?: string;
  /** Instance generator (fast-check); shrinks toward small K, d, n and round λ's. */
  readonly arbitrary: Arbitrary<I>;
  /** Validates a fixture's instance (unknown JSON) and returns it typed; throws UsageError naming the field. */
  parseInstance(u: unknown): I;
  /** Solves/certifies the instance and compares with the prediction. Pure; deterministic in the instance. */
  check(instance: I): Verdict;
  /** Default number of fast-check runs for `verify` (CI-sized). */
  readonly defaultRuns: number;
  /**
   * The branches of the theorem as named coverage classes (issue 9 item 1), e.g. below/above the threshold ×
   * bias mode × d-regime for Zhu et al. 2021, Thm 3.1. When present, the runner draws every class from its own
   * arbitrary (stratified generation) and a claim passes only when each class got at least `minPerClass`
   * certified runs; `arbitrary` must then be the union of the classes' arbitraries (see {@link classUnion}).
   * Absent for claims whose statement has a single branch.
   */
  readonly classes?: readonly ClaimClass<I>[];
}

/** One branch of a claim's theorem: a named stratum of instances with its own generator. */
export interface ClaimClass<I extends Json = Json> {
  /** Short stable name, e.g. 'below/bias=free/d=K-1' or 'near-below' (shown in tables and JSON). */
  readonly name: string;
  /** Generates only instances of this class (by construction, never by filtering). */
  readonly arbitrary: Arbitrary<I>;
  /**
   * True for a near-threshold class (issue 9 item 2: κ ∈ [0.95, 0.999] or [1.001, 1.05] and the like), where
   * errors in theory and code concentrate. @defaultValue false
   */
  readonly nearThreshold?: boolean;
  /** Membership test: true iff the instance belongs to this class (used by tests and by replay to label fixtures). */
  contains(instance: I): boolean;
}
