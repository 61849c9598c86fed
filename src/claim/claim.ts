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
}
