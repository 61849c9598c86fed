/**
 * spectralUpperBound (tolerance.ts) takes the Gram on the smaller side: for W (K×d, d ≥ K) that is W Wᵀ, which does
 * not depend on the coordinates of the feature space. At a simplex ETF W Wᵀ = s²(I − 11ᵀ/K), whose ∞-norm
 * 2s²(K−1)/K is within a factor 2 of ‖W‖₂² = s² in every frame (tolerance.ts's doc: "≤ 2ρ"). The Gram on the
 * larger side, WᵀW = s² F(I − 11ᵀ/K)Fᵀ, has the same spectrum but its ∞-norm grows with the spread of a generic
 * frame F (≈ 0.8·√(K−1)·s² for a random one), so the side matters once the ETF is not axis-aligned.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/core/index.ts';
import { spectralUpperBound } from '../../../../src/certified/ufm/tolerance.ts';

/** d×K orthonormal columns (row-major) by two Gram–Schmidt passes over Gaussian draws. */
function randomFrame(d: number, K: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const F = Float64Array.from({ length: d * K }, () => rng.normal());
  for (let j = 0; j < K; j++) {
    for (let pass = 0; pass < 2; pass++)
      for (let i = 0; i < j; i++) {
        let c = 0;
        for (let r = 0; r < d; r++) c += (F[r * K + i] as number) * (F[r * K + j] as number);
        for (let r = 0; r < d; r++) F[r * K + j] = (F[r * K + j] as number) - c * (F[r * K + i] as number);
      }
    let nrm = 0;
    for (let r = 0; r < d; r++) nrm += (F[r * K + j] as number) ** 2;
    nrm = Math.sqrt(nrm);
    for (let r = 0; r < d; r++) F[r * K + j] = (F[r * K + j] as number) / nrm;
  }
  return F;
}

describe('spectralUpperBound: the Gram side', () => {
  it('should stay within √2 of ‖W‖₂ at a simplex ETF in a generic frame (K = 20, d = 60)', () => {
    // Arrange: W = s·(I − 11ᵀ/K)·Fᵀ, F a random 60×20 orthonormal frame, so ‖W‖₂ = s (the ETF's K − 1 equal
    // singular values) and W Wᵀ = s²(I − 11ᵀ/K).
    const K = 20,
      d = 60,
      s = 1.7;
    const F = randomFrame(d, K, 41);
    const W = new Float64Array(K * d);
    for (let k = 0; k < K; k++)
      for (let r = 0; r < d; r++) {
        let v = 0;
        for (let j = 0; j < K; j++) v += ((k === j ? 1 : 0) - 1 / K) * (F[r * K + j] as number);
        W[k * d + r] = s * v;
      }
    // Act
    const bound = spectralUpperBound(W, K, d);
    // Assert: ‖W Wᵀ‖_∞ = 2s²(K−1)/K; the bound adds O(K·d·u) relative for the Gram's rounding and the frame's
    // orthonormality error (both ≤ 1e-13 here, allowed 1e-12).
    expect(bound).toBeGreaterThanOrEqual(s * (1 - 1e-12));
    expect(bound).toBeLessThanOrEqual(s * Math.sqrt((2 * (K - 1)) / K) * (1 + 1e-12));
  });
});
