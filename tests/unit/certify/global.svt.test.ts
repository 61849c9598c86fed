/**
 * The Jacobi singular-value soft-thresholding behind the convex-relaxation solver (src/certify/_global/jacobiSvd.ts),
 * against ml-matrix's SVD (src/linalg decomp.svd). Both are backward stable: the thresholded matrices agree to
 * c·K·ε·‖X‖₂ (Weyl for the singular values, 1-Lipschitz shrinkage); c = 64 covers both methods' constants.
 */
import { describe, expect, it } from 'vitest';
import { createRng, matOf } from '../../../src/core/index.ts';
import { svd } from '../../../src/linalg/index.ts';
import { svtInto, svtWork } from '../../../src/certify/_global/jacobiSvd.ts';

describe('svtInto', () => {
  it.each([[2], [4], [9], [16]])('should agree with a reference SVD at K = %i', (K) => {
    const rng = createRng(K);
    for (let rep = 0; rep < 5; rep++) {
      // Arrange: a random matrix, some with a repeated or zero singular value (rank-deficient products).
      const X = rng.fillNormal(new Float64Array(K * K));
      if (rep >= 3) for (let r = 0; r < K; r++) X[r * K + K - 1] = X[r * K] as number; // two equal columns: rank < K
      const ref = svd(matOf(K, K, X));
      const tau = (ref.s[Math.floor(K / 2)] as number) * (rep % 2 === 0 ? 1 : 0.5);
      const want = new Float64Array(K * K);
      for (let i = 0; i < K; i++) {
        const sh = Math.max(0, (ref.s[i] as number) - tau);
        for (let a = 0; a < K; a++)
          for (let k = 0; k < K; k++)
            want[a * K + k] =
              (want[a * K + k] as number) + sh * (ref.U.data[a * K + i] as number) * (ref.V.data[k * K + i] as number);
      }
      // Act
      const out = new Float64Array(K * K);
      const shrunk = new Float64Array(K);
      const nuc = svtInto(K, X, tau, out, shrunk, svtWork(K));
      // Assert
      const tol = 64 * K * Number.EPSILON * (ref.s[0] as number);
      for (let i = 0; i < K * K; i++)
        expect(Math.abs((out[i] as number) - (want[i] as number))).toBeLessThanOrEqual(tol);
      let nucRef = 0;
      for (let i = 0; i < K; i++) {
        const sh = Math.max(0, (ref.s[i] as number) - tau);
        nucRef += sh;
        expect(Math.abs((shrunk[i] as number) - sh)).toBeLessThanOrEqual(tol);
      }
      expect(Math.abs(nuc - nucRef)).toBeLessThanOrEqual(K * tol);
    }
  });

  it('should return zero for a threshold above the top singular value', () => {
    const X = Float64Array.of(3, 0, 0, -2);
    const out = new Float64Array(4);
    const shrunk = new Float64Array(2);
    expect(svtInto(2, X, 3.5, out, shrunk, svtWork(2))).toBe(0);
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
  });
});
