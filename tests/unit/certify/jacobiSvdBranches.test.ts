/**
 * The Jacobi singular-value soft-thresholding (src/certify/_global/jacobiSvd.ts) on hand-computed cases and with
 * reused buffers. Written for the survivors of `npm run mutation` on src/certify (issue 9 item 5).
 *
 * Tolerances: the hand cases take a handful of roundings of O(5) numbers (judged to 8ε·5); the reuse test compares a
 * call on dirty buffers with one on fresh buffers, which must agree bit for bit (the algorithm is deterministic and
 * reads no state left by an earlier call).
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { svtInto, svtWork } from '../../../src/certify/_global/jacobiSvd.ts';

const EPS = Number.EPSILON;

describe('svtInto on a matrix with an exactly zero column', () => {
  it('should shrink σ = (5, 0) by τ = 1 to (4, 0) without dividing 0 by the zero singular value', () => {
    // Arrange: X = [[3, 0], [4, 0]]: columns a₀ = (3, 4) (σ₀ = 5), a₁ = 0 (σ₁ = 0); X = 5·u₀e₀ᵀ with u₀ = (0.6, 0.8).
    const X = Float64Array.of(3, 0, 4, 0);
    const out = new Float64Array(4);
    const shrunk = new Float64Array(2);
    // Act
    const nuc = svtInto(2, X, 1, out, shrunk, svtWork(2));
    // Assert: (5 − 1)·u₀e₀ᵀ = [[2.4, 0], [3.2, 0]]; the zero singular value stays 0.
    const want = [2.4, 0, 3.2, 0];
    for (let i = 0; i < 4; i++)
      expect(Math.abs((out[i] as number) - (want[i] as number))).toBeLessThanOrEqual(8 * EPS * 5);
    expect(Array.from(shrunk)).toEqual([4, 0]);
    expect(nuc).toBe(4);
  });

  it('should report the shrunk values in descending order even when the larger column comes second', () => {
    // Arrange: X = [[0, 3], [0, 4]]: σ = 5 sits in column 1, column 0 is zero.
    const X = Float64Array.of(0, 3, 0, 4);
    const out = new Float64Array(4);
    const shrunk = new Float64Array(2);
    // Act
    const nuc = svtInto(2, X, 2, out, shrunk, svtWork(2));
    // Assert: (5 − 2)/5 · X.
    const want = [0, 1.8, 0, 2.4];
    for (let i = 0; i < 4; i++)
      expect(Math.abs((out[i] as number) - (want[i] as number))).toBeLessThanOrEqual(8 * EPS * 5);
    expect(Array.from(shrunk)).toEqual([3, 0]);
    expect(nuc).toBe(3);
  });
});

describe('svtInto with reused buffers', () => {
  it('should give bit for bit the result of fresh buffers when work and out hold an earlier call’s state', () => {
    const K = 5;
    const rng = createRng(11);
    const X1 = rng.fillNormal(new Float64Array(K * K));
    const X2 = rng.fillNormal(new Float64Array(K * K));
    // Reference: fresh buffers.
    const outFresh = new Float64Array(K * K);
    const shFresh = new Float64Array(K);
    const nucFresh = svtInto(K, X2, 0.3, outFresh, shFresh, svtWork(K));
    // Act: the same work and out first used on X1 (and out filled with junk), then on X2.
    const w = svtWork(K);
    const out = new Float64Array(K * K).fill(7);
    const sh = new Float64Array(K);
    svtInto(K, X1, 0.1, out, sh, w);
    out.fill(7);
    const nuc = svtInto(K, X2, 0.3, out, sh, w);
    // Assert
    expect(Array.from(out)).toEqual(Array.from(outFresh));
    expect(Array.from(sh)).toEqual(Array.from(shFresh));
    expect(nuc).toBe(nucFresh);
  });
});
