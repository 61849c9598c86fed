/**
 * Exact reference arithmetic for the rounding-bound tests: every finite double is an integer multiple of 2⁻¹⁰⁷⁴, so
 * with a fixed scale 2^S (S ≥ 1074) doubles become BigInts exactly and sums and products of them are exact. For the
 * softmax (not rational) a fixed-point exp with 2⁻FRAC resolution (FRAC = 320 bits), far below any bound tested
 * (≥ 2⁻¹⁰⁷⁴·n is never compared at that level: the tests compare errors of ~1e-30 and up).
 */

/** Scale of exact doubles: x ↦ x·2^EXACT. */
export const EXACT = 1100;
/** Fraction bits of the fixed-point reals used for exp and the gradient reference. */
export const FRAC = 320;

const buf = new DataView(new ArrayBuffer(8));

/** x·2^scale exactly (scale ≥ 1074), for finite x. */
export function exactScaled(x: number, scale = EXACT): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`not finite: ${x}`);
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const sign = bits >> 63n;
  const expField = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  const mant = expField === 0 ? frac : frac | (1n << 52n);
  const e = (expField === 0 ? 1 : expField) - 1075 + scale;
  if (e < 0) throw new RangeError('scale too small');
  const v = mant << BigInt(e);
  return sign === 1n ? -v : v;
}

/** The double nearest below-or-equal in magnitude (truncation) to big·2^-scale; relative error ≤ 2⁻⁵². */
export function toNumber(big: bigint, scale: number): number {
  if (big === 0n) return 0;
  const neg = big < 0n;
  let a = neg ? -big : big;
  const len = a.toString(2).length;
  let shift = 0;
  if (len > 60) {
    shift = len - 60;
    a >>= BigInt(shift);
  }
  let v = Number(a); // exact (≤ 60 bits → rounded to 53, relative 2⁻⁵³)
  let e = shift - scale;
  while (e > 0) {
    const s = Math.min(e, 1000);
    v *= 2 ** s;
    e -= s;
  }
  while (e < 0) {
    const s = Math.min(-e, 1000);
    v /= 2 ** s;
    e += s;
  }
  return neg ? -v : v;
}

/** |a| for bigint. */
export function babs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

/** Fixed-point (FRAC bits) from an exact-scaled value at `scale` (truncating toward −∞). */
export function rescale(a: bigint, from: number, to: number): bigint {
  return to >= from ? a << BigInt(to - from) : a >> BigInt(from - to);
}

/**
 * exp of a fixed-point value x with `frac` fraction bits (|x| ≤ 2¹⁰): e^x = (e^{x/2^16})^{2^16}, Taylor until the
 * term vanishes; relative error ≤ 2^(16 + 8 − frac)·e^{|x|}-free (the squarings double the relative error 16 times).
 */
export function fixedExp(x: bigint, frac = FRAC): bigint {
  const one = 1n << BigInt(frac);
  const s = 16;
  const r = x >> BigInt(s); // |r| ≤ 2^-6
  let term = one,
    sum = one;
  for (let i = 1; i < 400; i++) {
    term = (term * r) / (one * BigInt(i));
    if (term === 0n) break;
    sum += term;
  }
  for (let i = 0; i < s; i++) sum = (sum * sum) >> BigInt(frac);
  return sum;
}
