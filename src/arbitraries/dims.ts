/**
 * Arbitraries for the UFM dimensions (K, d, n). d is built from K by `chain` — never by filtering — so every
 * drawn instance satisfies the claim's hypothesis (d ≥ K−1, d ≥ K, or d < K−1), and shrinking moves toward
 * small K, then the smallest admissible d, then n = 1.
 */
import fc from 'fast-check';

/** Where d sits relative to K: `K-1` ⇒ d ≥ K−1, `K` ⇒ d ≥ K, `K+1` ⇒ d ≥ K+1, `below` ⇒ 1 ≤ d < K−1 (needs K ≥ 3). */
export type DimRegime = 'K-1' | 'K' | 'K+1' | 'below';

export interface DimsConstraints {
  /** @defaultValue 2 (3 for regime 'below') */
  readonly minK?: number;
  /** @defaultValue 12 */
  readonly maxK?: number;
  /** @defaultValue 'K-1' */
  readonly regime?: DimRegime;
  /** Largest d − (smallest admissible d). @defaultValue 3 */
  readonly maxExtraD?: number;
  /** @defaultValue 1 */
  readonly minN?: number;
  /** @defaultValue 30 */
  readonly maxN?: number;
}

export interface Dims {
  readonly K: number;
  readonly d: number;
  readonly n: number;
}

/** Smallest d the regime admits for K. */
export function minDim(K: number, regime: DimRegime): number {
  switch (regime) {
    case 'K-1':
      return Math.max(1, K - 1);
    case 'K':
      return K;
    case 'K+1':
      return K + 1;
    case 'below':
      return 1;
  }
}

/**
 * Draws (K, d, n) with d in the regime's range.
 * @example
 * fc.sample(dims({ regime: 'K' }), { seed: 42, numRuns: 1 }); // => [{ K, d ≥ K, n }]
 */
export function dims(c: DimsConstraints = {}): fc.Arbitrary<Dims> {
  const regime = c.regime ?? 'K-1';
  const minK = Math.max(c.minK ?? 2, regime === 'below' ? 3 : 2);
  const maxK = c.maxK ?? 12;
  const maxExtra = c.maxExtraD ?? 3;
  if (minK > maxK) throw new RangeError(`dims: minK ${minK} > maxK ${maxK}`);
  return fc.integer({ min: minK, max: maxK }).chain((K) => {
    const lo = minDim(K, regime);
    const hi = regime === 'below' ? K - 2 : lo + maxExtra;
    return fc.record({
      K: fc.constant(K),
      d: fc.integer({ min: lo, max: hi }),
      n: fc.integer({ min: c.minN ?? 1, max: c.maxN ?? 30 }),
    });
  });
}

/** Per-class counts n_k ∈ [minN, maxN] for a fixed K (imbalanced instances); shrinks toward all-minN. */
export function classCounts(
  K: number,
  c: { readonly minN?: number; readonly maxN?: number } = {},
): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: c.minN ?? 1, max: c.maxN ?? 30 }), { minLength: K, maxLength: K });
}
