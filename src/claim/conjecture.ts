/**
 * Conjectures: open statements (THEORY.md §7) whose counterexample is a discovery. Where a {@link Claim} must
 * hold and its failure is a bug, a conjecture is searched by `ufmcheck hunt`, and a *hit* — an instance on which
 * the conjectured statement is refuted, with the evidence — is the result the user came for.
 *
 * A conjecture is an arbitrary that draws instances (JSON, so hits are stored verbatim as fixtures), a parser for
 * stored instances, and a probe that decides one instance. The probe must be deterministic in the instance (seeds
 * are data inside it, STYLE.md §4.3): replaying a fixture re-runs `probe(parseInstance(instance))` and expects the
 * hit again.
 *
 * Findings: `hit` (refuted: evidence holds the numbers — values, certificates, best value from many starts — that
 * show it), `no-hit` (the statement held on this instance, within what the probe certifies), `inconclusive`
 * (nothing certified either way: iteration cap, NaN, a certificate too weak — never a no-hit).
 */
import type { Arbitrary } from 'fast-check';
import { UsageError } from '../core/index.ts';
import type { Json } from './claim.ts';
import { plainJsonProblem } from './json.ts';

/** What one probe decided. */
export type FindingStatus = 'hit' | 'no-hit' | 'inconclusive';

/** The outcome of probing one instance. */
export interface Finding {
  /** hit: the conjectured statement is refuted here (a discovery); no-hit: it held; inconclusive: undecided. */
  readonly status: FindingStatus;
  /**
   * The numbers behind the status, JSON (stored in the fixture): e.g. `{ fBest, fSymmetric, gradNorm,
   * lambdaMin, starts }`. Non-finite numbers are stored as "NaN"/"Infinity" strings (src/claim/json.ts).
   */
  readonly evidence: Json;
  /** One line saying what was compared and why it decided. */
  readonly why: string;
}

/** An open conjecture, searched by `ufmcheck hunt <id>`. */
export interface Conjecture<I extends Json = Json> {
  /** Dotted stable id, e.g. 'ce.small-d.symmetric-is-global'. Used in fixtures and on the command line. */
  readonly id: string;
  /** Where the question comes from, e.g. 'THEORY.md §7.1'. */
  readonly cite: string;
  /** The conjectured statement in one line (a hit refutes it). */
  readonly statement: string;
  /** Instance generator (fast-check); it should shrink toward small, round instances. */
  readonly arbitrary: Arbitrary<I>;
  /** Validates a stored instance (unknown JSON) and returns it typed; throws UsageError naming the field. */
  parseInstance(u: unknown): I;
  /** Decides one instance. Deterministic in the instance; may be slow (a multistart solve and certificates). */
  probe(instance: I): Finding;
}

const FINDING_STATUSES: readonly FindingStatus[] = ['hit', 'no-hit', 'inconclusive'];

/** Conjecture ids: dotted lower-case, as claim ids (registry.ts). */
const ID = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

/**
 * The first problem with a value returned by a probe, or undefined when it is a well-formed {@link Finding}.
 * User modules are not type-checked, so the hunt engine checks every finding before trusting it.
 *
 * @param u - what the probe returned
 * @returns a one-line description of what is wrong, e.g. `status must be one of hit, no-hit, inconclusive; got "yes"`
 * @example
 * findingProblem({ status: 'hit', evidence: { f: 1 }, why: 'f < f*' }); // => undefined
 */
export function findingProblem(u: unknown): string | undefined {
  if (typeof u !== 'object' || u === null || Array.isArray(u))
    return `a finding must be an object {status, evidence, why}; got ${show(u)}`;
  const o = u as Readonly<Record<string, unknown>>;
  const status = o['status'];
  if (typeof status !== 'string' || !(FINDING_STATUSES as readonly string[]).includes(status)) {
    return `status must be one of ${FINDING_STATUSES.join(', ')}; got ${show(status)}`;
  }
  if (typeof o['why'] !== 'string') return `why must be a string; got ${show(o['why'])}`;
  if (!Object.hasOwn(o, 'evidence') || o['evidence'] === undefined) return 'evidence is missing (use null for none)';
  // Non-finite numbers are allowed in evidence (they are encoded on write); anything else must be plain JSON.
  const p = plainJsonProblem(replaceNonFinite(o['evidence']), 'evidence');
  return p;
}

/** Copies `u` with non-finite numbers replaced by 0, so plainJsonProblem judges only the structure. */
function replaceNonFinite(u: unknown, depth = 0): unknown {
  if (depth > 64) return u;
  if (typeof u === 'number') return Number.isFinite(u) ? u : 0;
  if (Array.isArray(u)) return u.map((x: unknown) => replaceNonFinite(x, depth + 1));
  if (typeof u === 'object' && u !== null && Object.getPrototypeOf(u) === Object.prototype) {
    return Object.fromEntries(Object.entries(u).map(([k, v]) => [k, replaceNonFinite(v, depth + 1)]));
  }
  return u;
}

/**
 * The problems of a value that should be a {@link Conjecture} (user modules are not type-checked): one message
 * per missing or malformed member, each naming it. Empty when it is a conjecture.
 *
 * @param u - the candidate
 * @returns messages such as `missing 'probe' (a function (instance) => Finding)`
 * @example
 * conjectureProblems({ id: 'a.b' }); // => ["missing 'cite' (a string)", …]
 */
export function conjectureProblems(u: unknown): string[] {
  if (typeof u !== 'object' || u === null) return [`not an object (got ${show(u)})`];
  const o = u as Readonly<Record<string, unknown>>;
  const problems: string[] = [];
  const str = (k: string): void => {
    if (typeof o[k] !== 'string' || o[k] === '')
      problems.push(`${o[k] === undefined ? 'missing' : 'bad'} '${k}' (a non-empty string)`);
  };
  str('id');
  if (typeof o['id'] === 'string' && o['id'] !== '' && !ID.test(o['id'])) {
    problems.push(`bad 'id' '${o['id']}' (dotted lower-case, e.g. 'ce.small-d.symmetric-is-global')`);
  }
  str('cite');
  str('statement');
  const a = o['arbitrary'];
  if (!isArbitrary(a)) problems.push(`${a === undefined ? 'missing' : 'bad'} 'arbitrary' (a fast-check Arbitrary)`);
  for (const [k, what] of [
    ['parseInstance', '(u: unknown) => instance'],
    ['probe', '(instance) => Finding'],
  ] as const) {
    if (typeof o[k] !== 'function')
      problems.push(`${o[k] === undefined ? 'missing' : 'bad'} '${k}' (a function ${what})`);
  }
  return problems;
}

/** Duck-typed fast-check Arbitrary (a user module may bundle its own copy of fast-check, so no instanceof). */
function isArbitrary(u: unknown): boolean {
  if (typeof u !== 'object' || u === null) return false;
  const o = u as Readonly<Record<string, unknown>>;
  return (
    typeof o['generate'] === 'function' &&
    typeof o['shrink'] === 'function' &&
    typeof o['canShrinkWithoutContext'] === 'function'
  );
}

/**
 * Checks a value as a {@link Conjecture} and returns it typed.
 *
 * @param u - the candidate
 * @param where - what it is, for the message (e.g. `./mine.ts: export 'conjecture'`)
 * @param field - the UsageError field (e.g. `--conjecture`)
 * @returns the conjecture
 * @throws {UsageError} naming every missing or malformed member
 */
export function asConjecture(u: unknown, where: string, field: string): Conjecture {
  const problems = conjectureProblems(u);
  if (problems.length > 0) throw new UsageError(field, `${where} is not a Conjecture: ${problems.join('; ')}`);
  return u as Conjecture;
}

/**
 * Problems of a conjecture registry: duplicate ids and malformed members. Empty when it is sound.
 *
 * @param registry - the conjectures (properties/conjectures/index.ts, plus any loaded module)
 * @returns one message per problem
 */
export function conjectureRegistryProblems(registry: readonly Conjecture[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const c of registry) {
    for (const p of conjectureProblems(c)) problems.push(`${String(c.id)}: ${p}`);
    if (ids.has(c.id)) problems.push(`${c.id}: duplicate id`);
    ids.add(c.id);
  }
  return problems;
}

/** A short rendering of a bad value for messages. */
function show(u: unknown): string {
  if (u === undefined) return 'nothing';
  if (typeof u === 'function') return 'a function';
  let s: string;
  try {
    s = JSON.stringify(u) ?? String(u);
  } catch {
    s = String(u);
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
