/**
 * Hits that mean something (issue 9 item 6): every hit of a hunt is classified by the *mechanism* that refutes the
 * conjecture, hits are grouped by mechanism, shrunk only within their group, deduplicated, and the smallest witness
 * of each distinct finding is reported.
 *
 * A conjecture opts in by carrying {@link MechanismHooks} next to the {@link Conjecture} members (a
 * {@link HuntConjecture}); conjectures without them (user modules) get one group, 'unclassified', and the whole
 * instance as their dedup key.
 *
 * - **Signature.** `analyseHit(instance, finding)` computes a {@link HitAnalysis} from the certified point the probe
 *   found (stored in the finding's evidence): a *signature* — a short, K-free string naming the structural
 *   properties of the point (e.g. `d=2 · bias · 1 class at w=0 · others a regular (K−1)-gon`) — plus the point, its
 *   NC metrics and a one-line description. Two hits with the same signature are the same mechanism.
 * - **Shrinking within a group** (hunt.ts): a shrink candidate counts as a failure of the fast-check property only
 *   when it is a hit **with the drawn hit's signature**, so a shrink never crosses into another mechanism.
 * - **Dedup.** Hits whose `problemKey` agrees (the problem without the solver's seed, number of starts and
 *   initialisation scale — "the same problem differing only in the solver seed"; also every hit that shrank to the
 *   same instance) are one *witness* with a count.
 * - **Report.** {@link groupHits} returns, per signature, the raw hit count, the distinct witnesses (each with its
 *   count), and the smallest witness by `witnessSize` (lexicographic: for UFM instances [K, d, N, starts]).
 *
 * @see THEORY.md §7.1 (the mechanisms seen so far)
 */
import { UsageError } from '../core/index.ts';
import type { Json } from '../claim/index.ts';
import type { Conjecture, Finding } from '../claim/index.ts';
import { stringifyJson } from '../claim/index.ts';

/** What a hit is, computed from the point the probe certified. Plain JSON-able data (crosses worker threads). */
export interface HitAnalysis {
  /** The mechanism: short, independent of K, n and the λ's (so shrinking can move them within the group). */
  readonly signature: string;
  /** One line: the configuration and by how much it beats the conjectured one. */
  readonly description: string;
  /** The point found, e.g. `{ W, Hbar, counts, b }` (rows of W; columns of H̄ as rows of Hbar). */
  readonly point: Json;
  /** NC metrics of the point (src/geometry ncMetrics), null when not computed. */
  readonly metrics: Json;
  /** Marks of an ill-posed regime or an uncertain classification, e.g. 'ill-posed: d = 1 …'. */
  readonly flags: readonly string[];
}

/** The searchable ranges `ufmcheck hunt --K --d --n --bias` narrow a conjecture to (inclusive integer ranges). */
export interface HuntSpace {
  readonly K?: IntRange;
  readonly d?: IntRange;
  readonly n?: IntRange;
  /** on: a learned bias (free or decayed); off: b ≡ 0; both (default). */
  readonly bias?: 'on' | 'off' | 'both';
}

/** An inclusive integer range lo..hi. */
export interface IntRange {
  readonly lo: number;
  readonly hi: number;
}

/** Optional members of a conjecture that make its hits comparable (module comment). */
export interface MechanismHooks<I extends Json = Json> {
  /**
   * What "the symmetric configuration" (the conjectured optimum or comparison point) means in every d the
   * conjecture draws, and which cases are excluded or flagged as ill-posed (shown by `hunt --list`).
   */
  readonly ansatz?: string;
  /** Classifies a hit (status 'hit') from its evidence; deterministic. */
  analyseHit?(instance: I, finding: Finding): HitAnalysis;
  /** Dedup key: equal keys are the same problem (default: the whole instance). */
  problemKey?(instance: I): string;
  /** Size of a witness, compared lexicographically (smaller is simpler; default: [length of the JSON]). */
  witnessSize?(instance: I): readonly number[];
  /**
   * The same conjecture drawing only from `space` (same id: fixtures replay against the registry's conjecture).
   * @throws {UsageError} naming the flag (`--K`, `--d`, `--n`, `--bias`) when nothing of the space can be drawn
   */
  narrow?(space: HuntSpace): HuntConjecture<I>;
}

/** A conjecture with mechanism hooks. */
export type HuntConjecture<I extends Json = Json> = Conjecture<I> & MechanismHooks<I>;

/** The signature of a hit whose conjecture has no `analyseHit`. */
export const UNCLASSIFIED = 'unclassified';

/** The hooks of a conjecture (all absent for a plain Conjecture). */
export function hooksOf<I extends Json>(c: Conjecture<I>): MechanismHooks<I> {
  return c as HuntConjecture<I>;
}

/**
 * The analysis of a hit, or the 'unclassified' stand-in (no hook, or the hook threw: the message is a flag).
 *
 * @example
 * analyseWith(plainConjecture, instance, finding).signature; // => 'unclassified'
 */
export function analyseWith<I extends Json>(c: Conjecture<I>, instance: I, finding: Finding): HitAnalysis {
  const analyse = hooksOf(c).analyseHit;
  if (analyse === undefined)
    return { signature: UNCLASSIFIED, description: finding.why, point: null, metrics: null, flags: [] };
  try {
    return analyse.call(c, instance, finding);
  } catch (e) {
    return {
      signature: UNCLASSIFIED,
      description: finding.why,
      point: null,
      metrics: null,
      flags: [`analysis failed: ${e instanceof Error ? e.message : String(e)}`],
    };
  }
}

/** Whether a space restricts anything. */
export function isNarrowed(space: HuntSpace): boolean {
  return (
    space.K !== undefined ||
    space.d !== undefined ||
    space.n !== undefined ||
    (space.bias !== undefined && space.bias !== 'both')
  );
}

/**
 * The conjecture narrowed to `space` (the conjecture itself when the space is unrestricted).
 *
 * @throws {UsageError} naming the first given flag when the conjecture cannot be narrowed, or the hook's error
 */
export function narrowConjecture<I extends Json>(c: Conjecture<I>, space: HuntSpace): Conjecture<I> {
  if (!isNarrowed(space)) return c;
  const narrow = hooksOf(c).narrow;
  if (narrow === undefined) {
    const flag =
      space.K !== undefined ? '--K' : space.d !== undefined ? '--d' : space.n !== undefined ? '--n' : '--bias';
    throw new UsageError(flag, `conjecture '${c.id}' does not support narrowing its search space`);
  }
  try {
    return narrow.call(c, space);
  } catch (e) {
    // A user module may bundle its own copy of UsageError (no instanceof across copies): recognise it by shape.
    const field: unknown = e instanceof Error ? (e as Error & { readonly field?: unknown }).field : undefined;
    if (!(e instanceof UsageError) && e instanceof Error && e.name === 'UsageError' && typeof field === 'string') {
      throw new UsageError(field, e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message);
    }
    throw e;
  }
}

/**
 * Parses an inclusive integer range: `4..8`, or one value `4` (= 4..4).
 *
 * @param s - the flag's value
 * @param field - the flag, for the message (e.g. `--K`)
 * @param min - least allowed value
 * @param max - largest allowed value
 * @throws {UsageError} naming the flag
 * @example
 * parseIntRange('4..8', '--K', 2, 64); // => { lo: 4, hi: 8 }
 */
export function parseIntRange(s: string, field: string, min: number, max: number): IntRange {
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(s);
  if (m === null) throw new UsageError(field, `must be an integer range like '4..8' or one integer; got '${s}'`);
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo > hi) throw new UsageError(field, `empty range '${s}' (lower end above upper end)`);
  if (lo < min || hi > max) throw new UsageError(field, `must lie within ${min}..${max}; got '${s}'`);
  return { lo, hi };
}

/**
 * Parses `--bias on|off|both`.
 * @throws {UsageError} naming `--bias`
 */
export function parseBiasChoice(s: string, field = '--bias'): 'on' | 'off' | 'both' {
  if (s === 'on' || s === 'off' || s === 'both') return s;
  throw new UsageError(field, `must be on, off or both; got '${s}'`);
}

/** `--K 4..8 --d 2..3 …` for the space (empty string when unrestricted); used in re-run commands. */
export function formatSpace(space: HuntSpace): string {
  const parts: string[] = [];
  const r = (x: IntRange): string => (x.lo === x.hi ? String(x.lo) : `${x.lo}..${x.hi}`);
  if (space.K !== undefined) parts.push(`--K ${r(space.K)}`);
  if (space.d !== undefined) parts.push(`--d ${r(space.d)}`);
  if (space.n !== undefined) parts.push(`--n ${r(space.n)}`);
  if (space.bias !== undefined && space.bias !== 'both') parts.push(`--bias ${space.bias}`);
  return parts.join(' ');
}

/** Whether v lies in the range (an absent range contains everything). */
export function inRange(r: IntRange | undefined, v: number): boolean {
  return r === undefined || (v >= r.lo && v <= r.hi);
}

/** A hit as the grouping sees it (a subset of HuntHit, so tests can build them by hand). */
export interface GroupableHit {
  readonly index: number;
  readonly instance: Json;
  readonly finding: Finding;
  readonly analysis: HitAnalysis;
}

/** One distinct problem of a group: the hits that are the same problem (or shrank to the same instance). */
export interface HuntWitness<H extends GroupableHit = GroupableHit> {
  /** The dedup key. */
  readonly key: string;
  /** Raw hits with this key. */
  readonly count: number;
  /** The hunt indices of those hits, ascending. */
  readonly indices: readonly number[];
  /** The representative (lowest index). */
  readonly hit: H;
  readonly size: readonly number[];
}

/** One distinct finding: a mechanism (signature) with its witnesses, smallest first. */
export interface HuntFindingGroup<H extends GroupableHit = GroupableHit> {
  readonly signature: string;
  /** Raw hits in the group. */
  readonly hits: number;
  /** Distinct problems (after dedup), smallest first (size, then key). */
  readonly witnesses: readonly HuntWitness<H>[];
  /** The smallest witness (= witnesses[0]). */
  readonly smallest: HuntWitness<H>;
  /** Union of the flags of the group's hits. */
  readonly flags: readonly string[];
}

/** The grouped hits of a hunt: what the report shows as "findings". */
export interface HuntFindings<H extends GroupableHit = GroupableHit> {
  readonly rawHits: number;
  /** Distinct problems over all groups. */
  readonly distinctWitnesses: number;
  /** Groups, most hits first (then signature). */
  readonly groups: readonly HuntFindingGroup<H>[];
}

function compareSize(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -Infinity;
    const y = b[i] ?? -Infinity;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Groups hits by signature and deduplicates them by problem key. Pure and independent of the order of `hits`.
 *
 * @param hits - the hits (each with its analysis)
 * @param hooks - the conjecture's hooks (problemKey, witnessSize)
 * @returns the findings
 * @example
 * groupHits(report.hits, hooksOf(conjecture)).groups.map((g) => [g.signature, g.hits, g.witnesses.length]);
 * // => [['d=2 · bias · 1 class at w=0 · others a regular (K−1)-gon', 12, 3], …]
 */
export function groupHits<H extends GroupableHit>(hits: readonly H[], hooks: MechanismHooks = {}): HuntFindings<H> {
  const keyOf = (h: H): string =>
    hooks.problemKey !== undefined ? hooks.problemKey(h.instance) : stringifyJson(h.instance, 0);
  const sizeOf = (h: H): readonly number[] =>
    hooks.witnessSize !== undefined ? hooks.witnessSize(h.instance) : [stringifyJson(h.instance, 0).length];
  const bySig = new Map<string, Map<string, H[]>>();
  for (const h of [...hits].sort((a, b) => a.index - b.index)) {
    const sig = h.analysis.signature;
    let g = bySig.get(sig);
    if (g === undefined) bySig.set(sig, (g = new Map()));
    const k = keyOf(h);
    const list = g.get(k);
    if (list === undefined) g.set(k, [h]);
    else list.push(h);
  }
  const groups: HuntFindingGroup<H>[] = [];
  let distinct = 0;
  for (const [signature, byKey] of bySig) {
    const witnesses: HuntWitness<H>[] = [...byKey].map(([key, list]) => ({
      key,
      count: list.length,
      indices: list.map((h) => h.index),
      hit: list[0] as H,
      size: sizeOf(list[0] as H),
    }));
    witnesses.sort((a, b) => compareSize(a.size, b.size) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    distinct += witnesses.length;
    const flags = [...new Set([...byKey.values()].flat().flatMap((h) => h.analysis.flags))].sort();
    groups.push({
      signature,
      hits: witnesses.reduce((s, w) => s + w.count, 0),
      witnesses,
      smallest: witnesses[0] as HuntWitness<H>,
      flags,
    });
  }
  groups.sort((a, b) => b.hits - a.hits || (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
  return { rawHits: hits.length, distinctWitnesses: distinct, groups };
}
