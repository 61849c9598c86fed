/**
 * spectralUpperBound (tolerance.ts) is a rigorous upper bound on ‖A‖₂ (Higham, Accuracy and Stability, Thm 3.5:
 * the computed Gram and norms err by ≤ γ_c‖a_i‖‖a_j‖, γ_m = 1.01·m·u), so it must hold on an input built to make
 * the floating-point sums lose as much as they can: one row [1, t, t, …, t] with t² just below half an ulp of 1,
 * where every addition of t² to a running sum near 1 rounds down (the computed squared norm is 1, the exact one
 * 1 + (c−1)t² ≈ 1 + (c−1)·u). The exact value is compared in integer arithmetic, not in floating point.
 */
import { describe, expect, it } from 'vitest';
import { spectralUpperBound } from '../../../../src/certified/ufm/tolerance.ts';

/** A finite double as m·2^e with m, e integers (exact). */
function dyadic(x: number): { m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return expBits === 0 ? { m: frac, e: -1074 } : { m: frac | (1n << 52n), e: expBits - 1075 };
}

describe('spectralUpperBound: rigour on an adversarial row', () => {
  for (const c of [2, 10, 30, 1000]) {
    it(`should not undercut ‖A‖₂ when every addition of the squared norm rounds down (1×${c}: one 1 and ${c - 1} entries t, t² < u)`, () => {
      // Arrange: t = k·2⁻⁵², k = ⌊√(2⁵¹ − 1)⌋, so t² = k²·2⁻¹⁰⁴ < 2⁻⁵³ = u (half an ulp of 1).
      const k = 47453132n;
      const t = Number(k) * 2 ** -52;
      expect(k * k < 1n << 51n).toBe(true);
      const A = new Float64Array(c).fill(t);
      A[0] = 1;
      // ‖A‖₂² = ‖A‖_F² = 1 + (c−1)·k²·2⁻¹⁰⁴ exactly, as N / 2¹⁰⁴.
      const N = (1n << 104n) + BigInt(c - 1) * k * k;
      // Act
      const bound = spectralUpperBound(A, 1, c);
      // Assert: bound² ≥ N/2¹⁰⁴ ⇔ m²·2^(2e+104) ≥ N, in integers. The sums lose ≈ (c − 1)·u relative; the
      // bound's inflations (γ_c + γ_r = 1.01(c + 5)u on the Frobenius form, 2γ_c‖a‖² on the ∞-norm form, the
      // final 1 + 4u) are what cover it — with ≈ 0.01c·u + 14u to spare, minus ≤ 4u for the last two roundings.
      const { m, e } = dyadic(bound);
      const lhs = 2 * e + 104 >= 0 ? m * m * (1n << BigInt(2 * e + 104)) : m * m;
      const rhs = 2 * e + 104 >= 0 ? N : N * (1n << BigInt(-(2 * e + 104)));
      expect(lhs >= rhs).toBe(true);
      // and the naive floating-point ‖A‖_F would undercut it (the case is a real test of the inflations)
      let naive = 0;
      for (let r = 0; r < c; r++) naive += (A[r] as number) ** 2;
      expect(naive).toBe(1);
    });
  }
});
