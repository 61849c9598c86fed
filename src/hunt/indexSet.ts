/**
 * Sets of hunt instance indices as arithmetic progressions `[lo, hi, step]` = {lo, lo + step, …} ∩ [lo, hi): the
 * compact form in which a hunt store records what was tried (a shard i/n tries indices ≡ i mod n, so its tries are
 * one progression of step n, whatever the number of workers, once they are contiguous). Plain data: the progressions
 * cross worker threads by structured clone.
 */

/** `[lo, hi, step]`: the indices lo, lo + step, … below hi (lo < hi, step ≥ 1). */
export type IndexRange = readonly [number, number, number];

/**
 * Compresses indices into progressions: sorted, deduplicated, and every maximal run with one common difference
 * becomes one range (a lone index is `[i, i + 1, 1]`).
 *
 * @example
 * compressIndices([0, 2, 4, 6, 7]); // => [[0, 7, 2], [7, 8, 1]]
 */
export function compressIndices(indices: readonly number[]): IndexRange[] {
  const s = [...new Set(indices)].sort((a, b) => a - b);
  const out: IndexRange[] = [];
  let i = 0;
  while (i < s.length) {
    const lo = s[i] as number;
    if (i + 1 >= s.length) {
      out.push([lo, lo + 1, 1]);
      break;
    }
    const step = (s[i + 1] as number) - lo;
    let j = i + 1;
    while (j + 1 < s.length && (s[j + 1] as number) - (s[j] as number) === step) j++;
    out.push([lo, (s[j] as number) + 1, step]);
    i = j + 1;
  }
  return out;
}

/** The indices of a range, in order. */
export function* rangeIndices(r: IndexRange): Generator<number> {
  for (let i = r[0]; i < r[1]; i += r[2]) yield i;
}

/** Number of indices in a range. */
export function rangeSize(r: IndexRange): number {
  return Math.ceil((r[1] - r[0]) / r[2]);
}

/** A membership test over any number of (possibly overlapping) ranges. */
export interface IndexSet {
  has(index: number): boolean;
  /** The ranges it was built from, sorted by lo. */
  readonly ranges: readonly IndexRange[];
}

/**
 * An index set over `ranges`: sorted by lo, with the running maximum of hi, so a query binary-searches the last
 * range starting at or below the index and walks back only over ranges that still reach it.
 */
export function indexSet(ranges: readonly IndexRange[]): IndexSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const reach: number[] = [];
  let m = -Infinity;
  for (const r of sorted) reach.push((m = Math.max(m, r[1])));
  return {
    ranges: sorted,
    has(index) {
      let lo = 0;
      let hi = sorted.length - 1;
      let k = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((sorted[mid] as IndexRange)[0] <= index) {
          k = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      for (let j = k; j >= 0 && (reach[j] as number) > index; j--) {
        const r = sorted[j] as IndexRange;
        if (index < r[1] && (index - r[0]) % r[2] === 0) return true;
      }
      return false;
    },
  };
}

/**
 * A position source that skips the positions whose index is in `skip` (already tried), counting them.
 *
 * @param claim - hands out positions (a local or shared atomic counter)
 * @param indexOf - position → index (shardIndex)
 * @param skip - indices not to try again
 * @param limit - first index past the budget (positions beyond it are returned as is, so the caller stops)
 */
export function skippingNext(
  claim: () => number,
  indexOf: (m: number) => number,
  skip: IndexSet | undefined,
  limit: number,
): { readonly next: () => number; readonly skipped: () => number } {
  let skipped = 0;
  if (skip === undefined || skip.ranges.length === 0) return { next: claim, skipped: () => 0 };
  return {
    next() {
      for (;;) {
        const m = claim();
        const i = indexOf(m);
        if (i >= limit || !skip.has(i)) return m;
        skipped++;
      }
    },
    skipped: () => skipped,
  };
}
