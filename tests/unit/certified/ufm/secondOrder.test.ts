/**
 * The symmetry tangents the UFM's second-order certificate discounts (src/certified/ufm/secondOrder.ts): for every
 * generator A = e_p e_qᵀ − e_q e_pᵀ of so(d) the orbit tangent (W Aᵀ, A H, 0), plus (0, 0, 1) for a shift-invariant
 * loss with a free bias; none when d(d−1)/2 · dim exceeds the 2·10⁷-entry memory cap. Added for the mutation run
 * (issue 9 item 5): the cap's formula could be changed without a test failing.
 */
import { describe, expect, it } from 'vitest';
import { ufmSymmetryTangents } from '../../../../src/certified/ufm/secondOrder.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem, ufmLayout } from '../../../../src/models/index.ts';
import type { UfmLayout } from '../../../../src/models/index.ts';

describe('ufmSymmetryTangents', () => {
  it('should return (W Aᵀ, A H, 0) for each of the d(d−1)/2 rotation generators', () => {
    const p = parseUfmProblem({ loss: 'mse', K: 2, d: 3, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: false });
    const L = ufmLayout(p);
    const theta = new Float64Array(L.dim).map((_, i) => i + 1);
    const ts = ufmSymmetryTangents(p, mse, L, theta);
    expect(ts).toHaveLength(3);
    // First generator (p, q) = (0, 1): (W Aᵀ)[k,0] = W[k,1], (W Aᵀ)[k,1] = −W[k,0]; (A H)[0,:] = H[1,:], (A H)[1,:] = −H[0,:].
    const t = ts[0] as Float64Array;
    const W = (k: number, c: number) => theta[L.offW + k * 3 + c] as number;
    const H = (r: number, j: number) => theta[L.offH + r * L.N + j] as number;
    for (let k = 0; k < 2; k++) {
      expect(t[L.offW + k * 3 + 0]).toBe(W(k, 1));
      expect(t[L.offW + k * 3 + 1]).toBe(-W(k, 0));
      expect(t[L.offW + k * 3 + 2]).toBe(0);
    }
    for (let j = 0; j < L.N; j++) {
      expect(t[L.offH + 0 * L.N + j]).toBe(H(1, j));
      expect(t[L.offH + 1 * L.N + j]).toBe(-H(0, j));
      expect(t[L.offH + 2 * L.N + j]).toBe(0);
    }
  });

  it('should fill every entry of every generator tangent, and nothing outside the W and H rows it rotates', () => {
    // K = 3, d = 3, N = 2: all three generators (0,1), (0,2), (1,2) compared entry by entry with (W Aᵀ, A H, 0) built
    // here from A = e_p e_qᵀ − e_q e_pᵀ: (W Aᵀ)[k,c] = Σ_m W[k,m] A[c,m], (A H)[r,j] = Σ_m A[r,m] H[m,j].
    const p = parseUfmProblem({ loss: 'mse', K: 3, d: 3, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: true });
    const L = ufmLayout(p);
    const theta = new Float64Array(L.dim).map((_, i) => ((i * 7) % 11) - 5);
    const ts = ufmSymmetryTangents(p, mse, L, theta);
    const gens = [
      [0, 1],
      [0, 2],
      [1, 2],
    ];
    expect(ts).toHaveLength(3);
    gens.forEach(([gp, gq], g) => {
      const A = (r: number, c: number) => (r === gp && c === gq ? 1 : r === gq && c === gp ? -1 : 0);
      const want = new Float64Array(L.dim);
      for (let k = 0; k < 3; k++)
        for (let c = 0; c < 3; c++) {
          let v = 0;
          for (let m = 0; m < 3; m++) v += (theta[L.offW + k * 3 + m] as number) * A(c, m);
          want[L.offW + k * 3 + c] = v;
        }
      for (let r = 0; r < 3; r++)
        for (let j = 0; j < L.N; j++) {
          let v = 0;
          for (let m = 0; m < 3; m++) v += A(r, m) * (theta[L.offH + m * L.N + j] as number);
          want[L.offH + r * L.N + j] = v;
        }
      // + 0 maps −0 to 0: the sign of a zero entry is not part of the tangent.
      expect(
        Array.from(ts[g] as Float64Array, (x) => x + 0),
        `generator (${gp}, ${gq})`,
      ).toEqual(Array.from(want, (x) => x + 0));
    });
  });

  it('should add the bias shift (0, 0, 1) only for a shift-invariant loss with an unregularised bias', () => {
    const free = parseUfmProblem({ loss: 'ce', K: 3, d: 2, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: true });
    const L = ufmLayout(free);
    const theta = new Float64Array(L.dim).fill(0.5);
    const ts = ufmSymmetryTangents(free, ce, L, theta);
    expect(ts).toHaveLength(2);
    expect(Array.from((ts[1] as Float64Array).subarray(L.offB, L.offB + 3))).toEqual([1, 1, 1]);
    const decay = parseUfmProblem({
      loss: 'ce',
      K: 3,
      d: 2,
      n: 1,
      lambdaW: 0.1,
      lambdaH: 0.1,
      lambdaB: 0.1,
      bias: true,
    });
    expect(ufmSymmetryTangents(decay, ce, ufmLayout(decay), theta)).toHaveLength(1);
    expect(ufmSymmetryTangents(free, mse, L, theta)).toHaveLength(1); // MSE is not shift-invariant
  });

  it('should skip the tangents when d(d−1)/2 · dim exceeds 2·10⁷ entries, and form them below that', () => {
    const p = parseUfmProblem({ loss: 'mse', K: 2, d: 2, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: false });
    // Layouts are made up (only K, d, N, offsets and dim are read): d = 2 has one generator, so the count is dim.
    const layout = (dim: number): UfmLayout => ({
      ...ufmLayout(p),
      K: 1,
      d: 2,
      N: (dim - 2) / 2,
      offW: 0,
      offH: 2,
      dim,
    });
    expect(ufmSymmetryTangents(p, mse, layout(20_000_002), new Float64Array(4))).toEqual([]);
    // 5·10⁶ + 2 entries: under the cap (a cap four times too small, or one not halving d(d−1), would skip it).
    const dim = 5_000_002;
    const ts = ufmSymmetryTangents(p, mse, layout(dim), new Float64Array(dim).fill(1));
    expect(ts).toHaveLength(1);
    expect((ts[0] as Float64Array)[0]).toBe(1);
    expect((ts[0] as Float64Array)[1]).toBe(-1);
  });

  it('should skip them when the d(d−1)/2 generators times dim exceed the cap though dim alone does not', () => {
    const p = parseUfmProblem({ loss: 'mse', K: 2, d: 2, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: false });
    // d = 200: 19 900 generators × dim 1 100 = 2.189·10⁷ > 2·10⁷; d·(d−1)/2 must be read as a product, not d/(d−1).
    const L: UfmLayout = { ...ufmLayout(p), K: 1, d: 200, N: 1, offW: 0, offH: 200, dim: 1_100 };
    expect(ufmSymmetryTangents(p, mse, L, new Float64Array(1_100))).toEqual([]);
  });
});
