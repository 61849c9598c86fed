/**
 * The CE loss gradient's componentwise bound (softmaxGradientBound, src/certified/ufm/compensatedGradient.ts module
 * doc item 2) on logits spread far below their maximum, against a 320-bit softmax: every entry's error within E
 * (E ≥ 0), and E no looser than the doc's relative accuracy. From the doc's terms, with X = max_k |x_k| of the column:
 * β_k ≤ 1.01u(2.01 + 1.01|x_k|)e_k, Σβ ≤ u(2.04 + 1.03X)S, dU ≤ σU/(1−σ) + Σβ, dS ≤ uS + dU + β_y, so
 *     E_k ≤ u(3.01 + 2.04 + 1.03|x_k|)·|G_k| + (e_k/S)·dS/(S·N) ≤ u(11 + 2.2X)·|G_k|   (k ≠ y, and the same for k = y).
 * Columns: the label at the maximum and the rest 20–40 below it (tiny U, where β_k and dU carry the bound); one
 * maximum and 1000 entries 5 below it (E_p|x| ≈ 4.4: dS ≫ uS); the maximum at a logit that is not a multiple of a
 * large power of two, so x_k = fl(ẑ_k − m) rounds by up to 2⁻⁴⁹ at |x_k| ≈ 30 (≈ 16u relative in e^{x_k}, which only
 * β_k's 1.01u·1.01|x_k| term covers).
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/core/index.ts';
import { softmaxGradientBound } from '../../../../src/certified/ufm/compensatedGradient.ts';
import { FRAC, toNumber } from '../../linalg/exactArith.ts';
import { F, REF_SLACK, exactSoftmaxColumn, fix } from './_compensatedReference.ts';

const U = 2 ** -53;

/** Column j's logits (length K) and label, from the seed. */
function columns(K: number, seed: number): { Z: Float64Array; y: Int32Array; N: number } {
  const rng = createRng(seed);
  const N = 4;
  const Z = new Float64Array(K * N);
  const y = new Int32Array(N);
  const m1 = 1.1 + 0.1 * rng.uniform(); // not a power-of-two multiple: ẑ_k − m rounds
  for (let k = 0; k < K; k++) {
    // 0: label 0 is the maximum, the rest 20–40 below it (U ≈ K·e⁻³⁰).
    Z[k * N + 0] = k === 0 ? m1 : m1 - 20 - 20 * rng.uniform();
    // 1: one maximum (k = 1), the rest 5 below it; label 2 (an entry of the bulk).
    Z[k * N + 1] = k === 1 ? 0 : -5 - 1e-3 * rng.uniform();
    // 2: the same bulk, labelled at the maximum.
    Z[k * N + 2] = k === 1 ? 0.3 : 0.3 - 5 - 1e-3 * rng.uniform();
    // 3: logits spread uniformly over [m1 − 40, m1], label 3.
    Z[k * N + 3] = k === 0 ? m1 : m1 - 40 * rng.uniform();
  }
  y.set([0, 2, 1, 3]);
  return { Z, y, N };
}

describe('softmaxGradientBound on spread logits', () => {
  it('should bound every entry against the exact softmax and be no looser than u(11 + 2.2·max|x|) relative', () => {
    const seed = 23;
    const K = 1001;
    // Arrange
    const { Z, y, N } = columns(K, seed);
    const G = new Float64Array(K * N),
      E = new Float64Array(K * N);
    // Act
    softmaxGradientBound(K, N, Z, y, G, E);
    // Assert
    let worstRel = 0;
    for (let j = 0; j < N; j++) {
      const { e, S } = exactSoftmaxColumn(K, N, Z, j);
      let zmax = -Infinity;
      for (let k = 0; k < K; k++) zmax = Math.max(zmax, Z[k * N + j] as number);
      let X = 0; // max_k |x_k| of the column
      for (let k = 0; k < K; k++) X = Math.max(X, zmax - (Z[k * N + j] as number));
      for (let k = 0; k < K; k++) {
        const where = `seed ${seed}, column ${j}, k ${k}`;
        const idx = k * N + j;
        const exact = (((e[k] as bigint) << F) / S - (k === y[j] ? 1n << F : 0n)) / BigInt(N);
        const err = Math.abs(toNumber(fix(G[idx] as number) - exact, FRAC));
        const bound = E[idx] as number;
        expect(bound, where).toBeGreaterThanOrEqual(0);
        expect(err, where).toBeLessThanOrEqual(bound + REF_SLACK);
        const g = Math.abs(toNumber(exact, FRAC));
        expect(bound, where).toBeLessThanOrEqual(U * (11 + 2.2 * X) * g);
        worstRel = Math.max(worstRel, err / (U * g));
      }
    }
    // Not vacuous: the x_k rounding shows (some entry is off by more than the 3u of its last roundings plus exp's 1u).
    expect(worstRel).toBeGreaterThan(4);
  });
  it('should be as tight where the label ties with one other logit (X = 0: E ≤ 11u·|G|)', () => {
    // Arrange: K = 2, both logits of each column equal (x = 0 exactly), labels 0 and 1: U = 1, S = 2, and the
    // label entry's ratio is (U + dU)/(S − dS) ≈ ½ — E_y ≈ 9.5u·|G_y| by the doc's terms (3u + dU/U + ½·dS/U with
    // dU ≈ 3u, dS ≈ 7u); a ratio of 1 would give ≈ 13u.
    const K = 2,
      N = 2;
    const Z = new Float64Array([0.7, -1.3, 0.7, -1.3]);
    const y = new Int32Array([0, 1]);
    const G = new Float64Array(K * N),
      E = new Float64Array(K * N);
    // Act
    softmaxGradientBound(K, N, Z, y, G, E);
    // Assert: p = ½ exactly, so G = ±1/(2N) exactly, and every E within [0, 11u·|G|].
    for (let i = 0; i < K * N; i++) {
      expect(Math.abs(G[i] as number), `entry ${i}`).toBe(1 / (2 * N));
      expect(E[i] as number, `entry ${i}`).toBeGreaterThanOrEqual(0);
      expect(E[i] as number, `entry ${i}`).toBeLessThanOrEqual(11 * U * Math.abs(G[i] as number));
    }
  });
});
