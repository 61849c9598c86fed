/**
 * The level-1 kernels of src/linalg/vec.ts against their definitions. Integer-valued inputs keep every sum exact in
 * any order, so the unrolled four-accumulator loops must give the naive loop's result bit for bit, at every length
 * and tail (found unpinned by the mutation sample of issue 9 item 5: `x[i+3]·y[i+3]` → `x[i+3]/y[i+3]` survived).
 */
import { describe, expect, it } from 'vitest';
import { addScaled, allFinite, amax, axpy, dot, nrm2, orthonormalize, scal } from '../../../src/linalg/vec.ts';

/** Distinct small integers (no entry repeats across x and y, none is 0 or ±1), so x/y ≠ x·y everywhere. */
function intVec(len: number, offset: number): Float64Array {
  return Float64Array.from({ length: len }, (_, i) => (i % 2 === 0 ? 1 : -1) * (i + offset));
}

function naiveDot(x: Float64Array, y: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] as number) * (y[i] as number);
  return s;
}

describe('dot', () => {
  it('should equal the naive sum at every length 0..13, through the unrolled body and the tail', () => {
    for (let len = 0; len <= 13; len++) {
      const x = intVec(len, 2);
      const y = intVec(len, 20);
      expect(dot(x, y)).toBe(naiveDot(x, y, len));
    }
  });

  it('should read only the first n entries when n is given', () => {
    const x = intVec(11, 3);
    const y = intVec(11, 30);
    for (let n = 0; n <= 11; n++) expect(dot(x, y, n)).toBe(naiveDot(x, y, n));
  });

  it('should weight each lane by its own pair (no lane reads another index)', () => {
    for (let lane = 0; lane < 8; lane++) {
      const x = new Float64Array(8).fill(0);
      const y = new Float64Array(8).fill(0);
      x[lane] = 3;
      y[lane] = 7;
      expect(dot(x, y)).toBe(21);
    }
  });
});

describe('nrm2 and amax', () => {
  it('should give the Euclidean norm of a Pythagorean quadruple and the largest magnitude', () => {
    const x = Float64Array.from([2, -3, 0, 6]); // 4 + 9 + 36 = 49
    expect(nrm2(x)).toBe(7);
    expect(amax(x)).toBe(6);
    expect(amax(Float64Array.from([-9, 2, 5]))).toBe(9);
    expect(amax(new Float64Array(0))).toBe(0);
  });

  it('should propagate NaN from any position in amax', () => {
    for (let at = 0; at < 4; at++) {
      const x = Float64Array.from([1, -8, 2, 3]);
      x[at] = NaN;
      expect(amax(x)).toBeNaN();
    }
  });
});

describe('axpy, scal, addScaled', () => {
  it('should write y ← a·x + y entry by entry', () => {
    const x = intVec(5, 2);
    const y = intVec(5, 10);
    const expected = y.map((v, i) => v + 3 * (x[i] as number));
    axpy(3, x, y);
    expect(Array.from(y)).toEqual(Array.from(expected));
  });

  it('should write x ← a·x', () => {
    const x = intVec(6, 2);
    const expected = x.map((v) => -2 * v);
    scal(-2, x);
    expect(Array.from(x)).toEqual(Array.from(expected));
  });

  it('should write out ← x + a·y, also when out aliases x or y', () => {
    const x = intVec(5, 2);
    const y = intVec(5, 10);
    const expected = Array.from(x, (v, i) => v + 4 * (y[i] as number));
    const out = new Float64Array(5);
    addScaled(x, 4, y, out);
    expect(Array.from(out)).toEqual(expected);
    const xa = x.slice();
    addScaled(xa, 4, y, xa);
    expect(Array.from(xa)).toEqual(expected);
    const ya = y.slice();
    addScaled(x, 4, ya, ya);
    expect(Array.from(ya)).toEqual(expected);
  });
});

describe('allFinite', () => {
  it('should be false when any single entry is NaN or ±∞, true otherwise', () => {
    expect(allFinite(intVec(4, 2))).toBe(true);
    expect(allFinite(new Float64Array(0))).toBe(true);
    for (const bad of [NaN, Infinity, -Infinity])
      for (let at = 0; at < 4; at++) {
        const x = intVec(4, 2);
        x[at] = bad;
        expect(allFinite(x)).toBe(false);
      }
  });
});

describe('orthonormalize', () => {
  it('should return an orthonormal basis of the span, dropping zero and dependent vectors', () => {
    const a = Float64Array.from([1, 1, 0, 0]);
    const zero = new Float64Array(4);
    const b = Float64Array.from([1, 0, 1, 0]);
    const dependent = Float64Array.from([2, 1, 1, 0]); // a + b
    const c = Float64Array.from([0, 0, 0, 5]);
    const inputs = [a, zero, b, dependent, c];
    const originals = inputs.map((v) => v.slice());
    const basis = orthonormalize(inputs);
    expect(basis.length).toBe(3);
    for (let i = 0; i < basis.length; i++)
      for (let j = 0; j < basis.length; j++) expect(dot(basis[i]!, basis[j]!)).toBeCloseTo(i === j ? 1 : 0, 14);
    // every input lies in the span: its residual after projection vanishes
    for (const v of originals) {
      const r = v.slice();
      for (const e of basis) axpy(-dot(e, r), e, r);
      expect(nrm2(r)).toBeLessThan(1e-14 * (1 + nrm2(v)));
    }
    // the kept inputs are overwritten in place and returned in order
    expect(basis[0]).toBe(a);
    expect(basis[1]).toBe(b);
    expect(basis[2]).toBe(c);
  });

  it('should drop a vector whose new component is at most relDrop of its norm, and keep one just above', () => {
    const e1 = () => Float64Array.from([1, 0]);
    const below = orthonormalize([e1(), Float64Array.from([1, 1e-10])], 1e-9);
    expect(below.length).toBe(1);
    const above = orthonormalize([e1(), Float64Array.from([1, 1e-8])], 1e-9);
    expect(above.length).toBe(2);
    expect(Math.abs(above[1]![1]!)).toBeCloseTo(1, 12);
  });
});
