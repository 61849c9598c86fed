/**
 * `defineClaim`: a claim written as the theorem (id, cite, statement), its branches (coverage classes), the
 * expensive step that produces what the theory speaks about (`prepare`: solve, certify, simulate — machinery from
 * src/certified or src/hunt) and the comparisons with the theory's predictions (`verdicts`). The Claim object the
 * runner needs (STYLE.md §2.3; src/claim/claim.ts) is derived from it:
 *   check(inst) = prepare(inst) (an inconclusive verdict when it cannot), then the worst of
 *   verdicts(prepared, inst, {}), with `evidence(prepared)` merged into its details.
 * Because the comparisons take the relative `miss` of each predicted quantity (miss.ts), the near-miss controls of a
 * defined claim follow from it (nearMiss.ts `nearMisses`), with no second copy of the theory.
 */
import type { Arbitrary } from 'fast-check';
import type { Claim, ClaimClass, Json, Verdict } from '../claim/index.ts';
import { classUnion, worst } from '../claim/index.ts';
import { NO_MISS } from './miss.ts';
import type { Miss } from './miss.ts';

/** What a claim file states (module doc). `C` is what `prepare` hands to the comparisons (the instance by default). */
export interface ClaimDefinition<I extends Json, C> {
  /** Dotted stable id `<loss>.<object>.<property>`. */
  readonly id: string;
  /** The theorem's source and THEORY.md section. */
  readonly cite: string;
  /** One-line statement (a control's starts with "FALSE on purpose"). */
  readonly statement: string;
  /** @defaultValue 'claim' */
  readonly kind?: 'claim' | 'control';
  /** For a control: the id of the claim it shadows. */
  readonly controls?: string;
  /** The theorem's branches (issue 9 item 1). */
  readonly classes?: readonly ClaimClass<I>[];
  /** Instance generator. @defaultValue the union of `classes` (one of the two must be given) */
  readonly arbitrary?: Arbitrary<I>;
  /** Validates a fixture's instance; throws UsageError naming the field. */
  parseInstance(u: unknown): I;
  /** `verify`'s CI-sized run count. */
  readonly defaultRuns: number;
  /** Solves/certifies the instance; an (inconclusive) verdict when it cannot. @defaultValue the instance itself */
  prepare?(inst: I): C | Verdict;
  /** The decisive comparisons, each prediction of quantity q multiplied by (1 + miss[q]) (miss.ts `missed`). */
  verdicts(c: C, inst: I, miss: Miss): readonly Verdict[];
  /** Evidence merged into the decisive verdict's details. */
  evidence?(c: C, inst: I): Readonly<Record<string, unknown>>;
}

/** A Claim that keeps its definition, so that `nearMisses` can restate it with a perturbed prediction. */
export interface DefinedClaim<I extends Json, C> extends Claim<I> {
  readonly definition: ClaimDefinition<I, C>;
}

/** True for a Verdict (what `prepare` returns when it cannot certify). */
export function isVerdict(x: unknown): x is Verdict {
  return typeof x === 'object' && x !== null && 'status' in x && 'margin' in x && 'why' in x;
}

/** `v` with `ev` merged into its details (v itself when there is no evidence). */
export function withEvidence(v: Verdict, ev: Readonly<Record<string, unknown>> | undefined): Verdict {
  return ev === undefined ? v : { ...v, details: { ...(v.details ?? {}), ...ev } };
}

/** The prepared value of an instance, or the verdict that stops it. */
export function prepared<I extends Json, C>(def: ClaimDefinition<I, C>, inst: I): C | Verdict {
  return def.prepare !== undefined ? def.prepare(inst) : (inst as unknown as C);
}

/**
 * The Claim of a definition (module doc).
 * @throws {RangeError} when neither `arbitrary` nor `classes` is given
 * @example
 * const c = defineClaim({ id: 'my.claim', cite: 'my paper, Lemma 2', statement: '…', parseInstance: parseUfmInstance,
 *   defaultRuns: 10, arbitrary: ufmInstance({ loss: 'ce' }), verdicts: (inst) => [judge(…)] });
 */
export function defineClaim<I extends Json, C = I>(def: ClaimDefinition<I, C>): DefinedClaim<I, C> {
  const arbitrary = def.arbitrary ?? (def.classes !== undefined ? classUnion(def.classes) : undefined);
  if (arbitrary === undefined) throw new RangeError(`defineClaim ${def.id}: give an arbitrary or classes`);
  return {
    id: def.id,
    cite: def.cite,
    statement: def.statement,
    kind: def.kind ?? 'claim',
    ...(def.controls !== undefined ? { controls: def.controls } : {}),
    arbitrary,
    ...(def.classes !== undefined ? { classes: def.classes } : {}),
    parseInstance: (u: unknown) => def.parseInstance(u),
    defaultRuns: def.defaultRuns,
    check(inst: I): Verdict {
      const c = prepared(def, inst);
      if (isVerdict(c)) return c;
      return withEvidence(worst(def.verdicts(c, inst, NO_MISS)), def.evidence?.(c, inst));
    },
    definition: def,
  };
}
