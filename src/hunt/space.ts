/**
 * The search space of the plain-UFM hunts and its narrowing by `ufmcheck hunt --K 4..8 --d 2..3 --n 1..2 --bias
 * on|off|both` (issue 9 item 6; HuntSpace in src/hunt/mechanism.ts).
 *
 * A conjecture declares its default ranges, the hard limits of what it can decide, and which d it draws for each K
 * (`dims`). A flag replaces the default range (it may widen it up to the hard limits: `--K 4..12`); the drawn shapes
 * are every (K, d, n, bias) in the ranges with d ∈ dims(K). The arbitrary draws K first (shrinking toward the
 * smallest K), then d from dims(K) ∩ the d range (toward its first element), n (toward the smallest) and the bias
 * mode (toward the first of none, free, decay that is allowed).
 */
import fc from 'fast-check';
import { UsageError } from '../claim/index.ts';
import { inRange, type HuntSpace, type IntRange } from './mechanism.ts';
import type { BiasMode } from '../models/index.ts';
import type { HuntProblemShape } from './instance.ts';

/** What a conjecture draws by default and what it can decide at all. */
export interface UfmSpaceSpec {
  readonly loss: string;
  /** Default K range, and the hard limits a flag may reach. */
  readonly K: IntRange;
  readonly KLimits: IntRange;
  /** Default n range and limits. */
  readonly n: IntRange;
  readonly nLimits: IntRange;
  /** Bias modes drawn by default (order = shrink order). */
  readonly bias: readonly BiasMode[];
  /**
   * The d drawn for K, first = shrink target. `explicit` is true when the user gave `--d`: a conjecture may then
   * admit d it excludes by default (flagged, e.g. the d = 1 case of the symmetric ansatz).
   */
  dims(K: number, explicit: boolean): readonly number[];
}

/** The resolved shapes of a space: per admissible K, its d list. */
export interface ResolvedUfmSpace {
  readonly Ks: readonly number[];
  readonly dimsOf: ReadonlyMap<number, readonly number[]>;
  readonly n: IntRange;
  readonly bias: readonly BiasMode[];
}

function within(r: IntRange, lim: IntRange, flag: string): IntRange {
  if (r.lo < lim.lo || r.hi > lim.hi)
    throw new UsageError(flag, `must lie within ${lim.lo}..${lim.hi} for this conjecture; got ${r.lo}..${r.hi}`);
  return r;
}

/**
 * Resolves a space against a spec.
 *
 * @throws {UsageError} naming the flag: a range outside the limits, a d range no admissible K can draw, or
 *   `--bias` leaving no mode
 * @example
 * resolveUfmSpace(spec, { K: { lo: 6, hi: 6 }, d: { lo: 2, hi: 3 } }).dimsOf.get(6); // => [2, 3]
 */
export function resolveUfmSpace(spec: UfmSpaceSpec, space: HuntSpace): ResolvedUfmSpace {
  const K = space.K !== undefined ? within(space.K, spec.KLimits, '--K') : spec.K;
  const n = space.n !== undefined ? within(space.n, spec.nLimits, '--n') : spec.n;
  const explicitD = space.d !== undefined;
  const dimsOf = new Map<number, readonly number[]>();
  const Ks: number[] = [];
  for (let k = K.lo; k <= K.hi; k++) {
    const ds = spec.dims(k, explicitD).filter((d) => inRange(space.d, d));
    if (ds.length > 0) {
      Ks.push(k);
      dimsOf.set(k, ds);
    }
  }
  if (Ks.length === 0) {
    const dText = space.d !== undefined ? `${space.d.lo}..${space.d.hi}` : 'default';
    const admissible: string[] = [];
    for (let k = K.lo; k <= Math.min(K.hi, K.lo + 2); k++)
      admissible.push(`K=${k}: ${[...spec.dims(k, explicitD)].sort((a, b) => a - b).join(', ') || 'none'}`);
    throw new UsageError(
      explicitD ? '--d' : '--K',
      `no (K, d) with K in ${K.lo}..${K.hi} and d in ${dText} fits this conjecture (admissible d: ${admissible.join('; ')}${K.hi > K.lo + 2 ? '; …' : ''})`,
    );
  }
  const want = space.bias ?? 'both';
  const bias = spec.bias.filter((b) => want === 'both' || (want === 'on') === (b !== 'none'));
  if (bias.length === 0)
    throw new UsageError('--bias', `'${want}' leaves no bias mode: this conjecture draws only ${spec.bias.join(', ')}`);
  return { Ks, dimsOf, n, bias };
}

/**
 * The shape arbitrary of a resolved space (module comment). With the default space of a conjecture whose K range
 * is contiguous it draws exactly what an fc.integer K would.
 */
export function shapeArbitrary(loss: string, r: ResolvedUfmSpace): fc.Arbitrary<HuntProblemShape> {
  const first = r.Ks[0] as number;
  const last = r.Ks[r.Ks.length - 1] as number;
  const contiguous = last - first + 1 === r.Ks.length;
  const kArb = contiguous ? fc.integer({ min: first, max: last }) : fc.constantFrom(...r.Ks);
  return kArb.chain((K) =>
    fc.record({
      loss: fc.constant(loss),
      K: fc.constant(K),
      d: fc.constantFrom(...(r.dimsOf.get(K) as number[])),
      n: fc.integer({ min: r.n.lo, max: r.n.hi }),
      bias: fc.constantFrom<BiasMode>(...r.bias),
    }),
  );
}
