/**
 * Seeded random numbers (stdlib's MT19937 and its normal sampler; STYLE.md §1.3).
 * Nothing in ufmcheck calls Math.random: every draw goes through an `Rng` built from a seed.
 */
import mt19937 from '@stdlib/random-base-mt19937';
import normalFactory from '@stdlib/random-base-normal';

/** A seeded source of uniform and Gaussian draws. */
export interface Rng {
  /** The seed this generator was built from. */
  readonly seed: number;
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer in {0, …, n−1}. */
  int(n: number): number;
  /** Fills `out` with iid N(0, scale²) draws and returns it. */
  fillNormal(out: Float64Array, scale?: number): Float64Array;
  /** An independent generator for sub-stream `stream` (deterministic in (seed, stream)). */
  fork(stream: number): Rng;
}

/** Mixes (seed, stream) into one 32-bit seed (splitmix-style avalanche), never 0. */
export function mixSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((stream + 0x7f4a7c15) >>> 0, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h === 0 ? 1 : h;
}

/**
 * Creates a seeded generator.
 * @param seed - a non-negative integer below 2^32
 * @throws RangeError if `seed` is not such an integer
 * @example
 * const rng = createRng(1);
 * rng.uniform(); // => same number on every machine
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new RangeError(`seed must be an integer in [0, 2^32); got ${seed}`);
  }
  const words = mt19937.factory({ seed: seed === 0 ? 5489 : seed });
  // 53-bit uniform on [0, 1) from two 32-bit MT19937 words (the genrand_res53 construction).
  const uniform = (): number => ((words() >>> 5) * 67108864 + (words() >>> 6)) / 9007199254740992;
  const gauss = normalFactory.factory(0, 1, { prng: uniform });
  return {
    seed,
    uniform: () => uniform(),
    normal: () => gauss(),
    int: (n: number) => Math.floor(uniform() * n),
    fillNormal(out: Float64Array, scale = 1): Float64Array {
      for (let i = 0; i < out.length; i++) out[i] = scale * gauss();
      return out;
    },
    fork: (stream: number) => createRng(mixSeed(seed, stream)),
  };
}
