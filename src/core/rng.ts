/**
 * Seeded random numbers: MT19937 words (Matsumoto & Nishimura 1998) and stdlib's improved-ziggurat normal sampler
 * (Doornik 2005; STYLE.md §1.3). Nothing in ufmcheck calls Math.random: every draw goes through an `Rng` built
 * from a seed.
 *
 * The streams are exactly those of `@stdlib/random-base-mt19937` (seed 0 mapped to 5489, its own default) and of
 * `@stdlib/random-base-normal` built on our uniform (tests/unit/core/rng.test.ts compares them draw for draw).
 * Only the construction is ours: stdlib's factories cost ≈ 150 µs per generator (two MT19937 factories with
 * their validation and accessor properties — the normal factory seeds a second MT19937 from one uniform draw of
 * ours), and the hunts build one per start and per Lanczos call. Here the words are a plain MT19937 (≈ 3 µs to
 * seed), the normal sampler's seed is drawn at construction exactly where stdlib draws it, and its generator is
 * built on the first normal draw. The sampler is stdlib's improved_ziggurat.js restated over explicit MT19937
 * states (its tables, tail sampler and exp are stdlib's own), so that `fillNormal` runs its accept-on-first-try
 * branch (≈ 99 % of draws) without a closure call per word: ≈ 70 → ≈ 15 ns per draw, which was 0.2 s of a full-space
 * Newton solve's random start at (K, d, n) = (10, 512, 500) (issue 13 item 4).
 */
import coordsArray from '@stdlib/random-base-improved-ziggurat/lib/coords_array.js';
import ratioArray from '@stdlib/random-base-improved-ziggurat/lib/ratio_array.js';
import sampleTail from '@stdlib/random-base-improved-ziggurat/lib/sample_tail.js';
import stdlibExp from '@stdlib/math-base-special-exp';

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
  const U = mtState(seed === 0 ? 5489 : seed);
  // 53-bit uniform on [0, 1) from two 32-bit MT19937 words (the genrand_res53 construction).
  const uniform = (): number => ((mtNext(U) >>> 5) * 67108864 + (mtNext(U) >>> 6)) / 9007199254740992;
  // stdlib's normal factory on an external uniform seeds the ziggurat's own MT19937 with ⌊1 + (2³² − 1)·u⌋ for one
  // draw u taken at construction: taken here at the same point of the stream, the generator built when first used.
  const zigguratSeed = Math.floor(1 + 4294967295 * uniform());
  let I: MtState | undefined;
  const normal = (): number => zigguratNormal(U, (I ??= mtState(zigguratSeed)), uniform);
  return {
    seed,
    uniform: () => uniform(),
    normal,
    int: (n: number) => Math.floor(uniform() * n),
    fillNormal(out: Float64Array, scale = 1): Float64Array {
      const Ii = (I ??= mtState(zigguratSeed));
      for (let i = 0; i < out.length; i++) out[i] = scale * zigguratNormal(U, Ii, uniform);
      return out;
    },
    fork: (stream: number) => createRng(mixSeed(seed, stream)),
  };
}

// The improved ziggurat (Doornik 2005) exactly as @stdlib/random-base-improved-ziggurat/lib/improved_ziggurat.js:
// 128 blocks, right tail from R = 3.442619855899, X the block coordinates and ZR[i] = X[i+1]/X[i].
const ZIG_BLOCKS = 128;
const ZIG_TAIL = 3.442619855899;
const ZX = Float64Array.from(coordsArray(ZIG_BLOCKS, ZIG_TAIL));
const ZR = Float64Array.from(ratioArray(Array.from(ZX)));

/**
 * One standard normal draw: u = 2·randu − 1 from the uniform stream U (two words), the block i from the low 7 bits
 * of one word of the ziggurat's own stream I; accept u·X[i] when |u| < X[i+1]/X[i], else the tail (block 0) or the
 * wedge test, with stdlib's sampleTail and exp, drawing again from the top on rejection — stdlib's order of draws.
 */
function zigguratNormal(U: MtState, I: MtState, uniform: () => number): number {
  for (;;) {
    const u = 2.0 * (((mtNext(U) >>> 5) * 67108864 + (mtNext(U) >>> 6)) / 9007199254740992) - 1.0;
    const i = mtNext(I) & 127;
    const xi = ZX[i] as number;
    if (Math.abs(u) < (ZR[i] as number)) return u * xi;
    if (i === 0) return sampleTail(uniform, ZIG_TAIL, u < 0.0);
    const x = u * xi;
    const x2 = x * x;
    const xj = ZX[i + 1] as number;
    const f0 = stdlibExp(-0.5 * (xi * xi - x2));
    const f1 = stdlibExp(-0.5 * (xj * xj - x2));
    if (f1 + uniform() * (f0 - f1) < 1.0) return x;
  }
}

const MT_N = 624;
const MT_M = 397;
const MT_MATRIX_A = 0x9908b0df;
const MT_UPPER = 0x80000000;
const MT_LOWER = 0x7fffffff;

/** An MT19937 state: the 624 words and the index of the next one to temper. */
interface MtState {
  readonly mt: Uint32Array;
  idx: number;
}

/** The state of MT19937 after init_genrand(seed) (Matsumoto & Nishimura 1998, the reference mt19937ar.c). */
function mtState(seed: number): MtState {
  const mt = new Uint32Array(MT_N);
  mt[0] = seed >>> 0;
  for (let i = 1; i < MT_N; i++) {
    const s = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
    mt[i] = (Math.imul(s, 1812433253) + i) >>> 0;
  }
  return { mt, idx: MT_N };
}

/** Regenerates the 624 words of `st` (the reference genrand_int32's twist). */
function mtTwist(st: MtState): void {
  const mt = st.mt;
  let k = 0;
  for (; k < MT_N - MT_M; k++) {
    const y = (mt[k]! & MT_UPPER) | (mt[k + 1]! & MT_LOWER);
    mt[k] = mt[k + MT_M]! ^ (y >>> 1) ^ (y & 1 ? MT_MATRIX_A : 0);
  }
  for (; k < MT_N - 1; k++) {
    const y = (mt[k]! & MT_UPPER) | (mt[k + 1]! & MT_LOWER);
    mt[k] = mt[k + MT_M - MT_N]! ^ (y >>> 1) ^ (y & 1 ? MT_MATRIX_A : 0);
  }
  const y = (mt[MT_N - 1]! & MT_UPPER) | (mt[0]! & MT_LOWER);
  mt[MT_N - 1] = mt[MT_M - 1]! ^ (y >>> 1) ^ (y & 1 ? MT_MATRIX_A : 0);
  st.idx = 0;
}

/** The next 32-bit output of `st` (tempered). */
function mtNext(st: MtState): number {
  if (st.idx >= MT_N) mtTwist(st);
  let y = st.mt[st.idx++]!;
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y >>> 0;
}

/**
 * The 32-bit outputs of MT19937 seeded by init_genrand(seed) (Matsumoto & Nishimura 1998, the reference mt19937ar.c):
 * the same words as `@stdlib/random-base-mt19937` with a numeric seed.
 * @param seed - an integer in [0, 2^32)
 */
export function mt19937Words(seed: number): () => number {
  const st = mtState(seed);
  return () => mtNext(st);
}
