/**
 * The distribution of the searched parameters of a hunt (the summary's "what did we actually look at"): for each
 * numeric field of the instances' problem — K, d, n, λ_W, λ_H, λ_b, counts … — min / median / max and a small
 * histogram. Pure and order-independent: the same multiset of instances gives the same distribution, so a hunt
 * spread over workers reports exactly what the single-threaded hunt reports.
 */
import type { Json } from '../claim/index.ts';

/**
 * The numeric parameters of one instance: field path → value (arrays of numbers, e.g. per-class counts, are
 * pooled under `name[]`). Booleans count as 0/1.
 */
export type ParamSample = Readonly<Record<string, number | readonly number[]>>;

/** One histogram bin [lo, hi) (the last bin includes hi; for scale 'values' lo = hi = the value). */
export interface HistogramBin {
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
}

/** The distribution of one parameter over the instances tried. */
export interface ParamDistribution {
  /** Number of values (instances, or pooled array entries). */
  readonly count: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
  /** values: one bin per distinct value (≤ 12 of them); log: log-spaced bins (positive, spanning ≥ 2 decades); linear otherwise. */
  readonly scale: 'values' | 'linear' | 'log';
  readonly bins: readonly HistogramBin[];
}

/** Distribution per parameter, in order of first appearance. */
export type HuntDistribution = Readonly<Record<string, ParamDistribution>>;

/** Bins of a linear or log histogram. */
const BINS = 8;
/** At most this many distinct values are listed one by one. */
const MAX_DISTINCT = 12;
/** Keys that hold solver seeds: data, but not a searched parameter worth a histogram. */
const SEED_KEY = /^seed$|Seed$/;

/**
 * The searched parameters of an instance: the numeric (and boolean) fields of `instance.problem` when the instance
 * has a `problem` object (the UFM convention, src/arbitraries/instance.ts), else of the instance itself;
 * nested objects are flattened as `a.b` (two levels), seed fields are left out.
 *
 * @param instance - a conjecture instance
 * @returns field path → value
 * @example
 * paramsOf({ problem: { loss: 'ce', K: 4, d: 2, n: 1, lambdaW: 0.01, bias: true }, seed: 7 });
 * // => { K: 4, d: 2, n: 1, lambdaW: 0.01, bias: 1 }
 */
export function paramsOf(instance: Json): ParamSample {
  const out: Record<string, number | readonly number[]> = {};
  const root = isObject(instance) && isObject(instance['problem']) ? instance['problem'] : instance;
  collect(root, '', 0, out);
  return out;
}

function isObject(u: Json | undefined): u is { readonly [k: string]: Json } {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

function collect(u: Json, path: string, depth: number, out: Record<string, number | readonly number[]>): void {
  if (typeof u === 'number') {
    if (Number.isFinite(u)) out[path === '' ? 'value' : path] = u;
    return;
  }
  if (typeof u === 'boolean') {
    out[path === '' ? 'value' : path] = u ? 1 : 0;
    return;
  }
  if (Array.isArray(u)) {
    const nums = (u as readonly Json[]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    if (nums.length > 0 && nums.length === u.length) out[`${path === '' ? 'value' : path}[]`] = nums;
    return;
  }
  if (!isObject(u) || depth > 2) return;
  for (const [k, v] of Object.entries(u)) {
    if (SEED_KEY.test(k)) continue;
    collect(v, path === '' ? k : `${path}.${k}`, depth + 1, out);
  }
}

/**
 * Min / median / max and a histogram of every parameter over `samples`.
 *
 * @param samples - the parameters of each instance tried (any order)
 * @returns the distribution per parameter (fields in order of first appearance)
 * @example
 * distributionOf([{ K: 2 }, { K: 3 }, { K: 3 }]).K;
 * // => { count: 3, min: 2, median: 3, max: 3, scale: 'values', bins: [{ lo: 2, hi: 2, count: 1 }, { lo: 3, hi: 3, count: 2 }] }
 */
export function distributionOf(samples: Iterable<ParamSample>): HuntDistribution {
  const values = new Map<string, number[]>();
  for (const s of samples) {
    for (const [k, v] of Object.entries(s)) {
      let list = values.get(k);
      if (list === undefined) {
        list = [];
        values.set(k, list);
      }
      if (typeof v === 'number') list.push(v);
      else for (const x of v) list.push(x);
    }
  }
  const out: Record<string, ParamDistribution> = {};
  for (const [k, list] of values) if (list.length > 0) out[k] = describe(list);
  return out;
}

/** Summary of one non-empty list of finite numbers. */
function describe(list: number[]): ParamDistribution {
  const xs = Float64Array.from(list).sort();
  const n = xs.length;
  const min = xs[0] as number;
  const max = xs[n - 1] as number;
  const median = n % 2 === 1 ? (xs[(n - 1) / 2] as number) : 0.5 * ((xs[n / 2 - 1] as number) + (xs[n / 2] as number));
  const distinct: { value: number; count: number }[] = [];
  for (let i = 0; i < n && distinct.length <= MAX_DISTINCT; i++) {
    const x = xs[i] as number;
    const last = distinct[distinct.length - 1];
    if (last !== undefined && last.value === x) last.count++;
    else distinct.push({ value: x, count: 1 });
  }
  if (distinct.length <= MAX_DISTINCT) {
    return {
      count: n,
      min,
      median,
      max,
      scale: 'values',
      bins: distinct.map((d) => ({ lo: d.value, hi: d.value, count: d.count })),
    };
  }
  const log = min > 0 && max / min >= 100;
  const t = log ? Math.log10 : (x: number): number => x;
  const inv = log ? (x: number): number => 10 ** x : (x: number): number => x;
  const a = t(min);
  const w = (t(max) - a) / BINS;
  const counts = new Array<number>(BINS).fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.min(BINS - 1, Math.floor((t(xs[i] as number) - a) / w));
    counts[b] = (counts[b] as number) + 1;
  }
  const bins = counts.map((count, b) => ({
    lo: b === 0 ? min : inv(a + b * w),
    hi: b === BINS - 1 ? max : inv(a + (b + 1) * w),
    count,
  }));
  return { count: n, min, median, max, scale: log ? 'log' : 'linear', bins };
}
