/**
 * The compensated gradient bound block by block (src/certified/ufm/compensatedGradient.ts, module doc items 1–4):
 * e_W ≥ ‖ĝ_W − ∇_W f‖, e_H ≥ ‖ĝ_H − ∇_H f‖, e_b ≥ ‖ĝ_b − ∇_b f‖ against the exact gradient (320-bit reference,
 * ./_compensatedReference.ts), at points built so that ONE term of one block's bound carries that block's actual
 * error: the final rounding of a weight-decay-dominated ĝ_W or ĝ_H (‖E_W‖_F, ‖E_H‖_F), the softmax's rounding summed
 * along the samples (‖E_G·1‖ in e_b), the logits' rounding propagated through an MSE fit (π = (ℓ₂/N)‖E_Z‖_F, times
 * ‖H‖₂, ‖W‖₂ or √N), and the rounding of ‖ĝ‖ itself in ε (Higham Thm 3.5). A bound that dropped or shrank the term
 * would be exceeded there; each case also checks that the error it relies on is present (not 0). The reported pieces
 * are checked to compose as the doc says (π, errorBound, the default Frobenius norms) and to be no looser than that.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/core/index.ts';
import { compensatedGradientBound, softmaxGradientBound } from '../../../../src/certified/ufm/compensatedGradient.ts';
import type { CompensatedGradient } from '../../../../src/certified/ufm/compensatedGradient.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import type { LogitLoss } from '../../../../src/losses/index.ts';
import { labelsOf, parseUfmProblem, ufmLayout } from '../../../../src/models/index.ts';
import type { UfmProblem } from '../../../../src/models/index.ts';
import { FRAC, exactScaled, toNumber } from '../../linalg/exactArith.ts';
import { REF_SLACK, distAndNorm, referenceGradient } from './_compensatedReference.ts';

const EXACT = 1100;

const U = 2 ** -53;
/** How much looser than the doc's formula a reported piece may be: far above its O(u) inflations, far below ×2. */
const TIGHT = 1 + 2 ** -30;

interface Case {
  readonly name: string;
  readonly loss: LogitLoss;
  readonly p: UfmProblem;
  readonly theta: Float64Array;
  /** The block whose error the construction puts in one term of its bound. */
  readonly block: 'W' | 'H' | 'b';
}

function problem(loss: LogitLoss, K: number, d: number, n: number, lambdaW: number, lambdaH: number): UfmProblem {
  return parseUfmProblem({ loss: loss.id, K, d, n, lambdaW, lambdaH, lambdaB: 0, bias: true });
}

/** W ~ N(0, sW²), H ~ N(0, sH²), b ~ N(0, sb²) from one seed. */
function gaussianPoint(p: UfmProblem, seed: number, sW: number, sH: number, sb: number): Float64Array {
  const L = ufmLayout(p);
  const rng = createRng(seed);
  const theta = new Float64Array(L.dim);
  for (let i = 0; i < L.K * L.d; i++) theta[L.offW + i] = rng.normal() * sW;
  for (let i = 0; i < L.d * L.N; i++) theta[L.offH + i] = rng.normal() * sH;
  for (let k = 0; k < L.K; k++) theta[L.offB + k] = rng.normal() * sb;
  return theta;
}

/**
 * An MSE point that fits the targets: d = K, W lower triangular (diagonal 0.1–0.2, entries ≈ 0.05), H = W⁻¹Y by
 * forward substitution (entries ≈ 10), b = 0. Then Z = WH equals Y to ~1e-16, so Ĝ and its rounding E_G are tiny and
 * the gradient's error is the logits' rounding Ẑ − Z (≈ u per label entry) propagated: π·‖H‖ in ĝ_W, √N·π in ĝ_b.
 */
function fittingPoint(p: UfmProblem, seed: number): Float64Array {
  const L = ufmLayout(p);
  const { K, d, N, offW, offH } = L;
  if (d !== K) throw new Error('fittingPoint: d = K');
  const rng = createRng(seed);
  const theta = new Float64Array(L.dim);
  for (let k = 0; k < K; k++)
    for (let r = 0; r <= k; r++) theta[offW + k * d + r] = r === k ? 0.1 + 0.1 * rng.uniform() : 0.05 * rng.normal();
  const y = labelsOf(p);
  for (let j = 0; j < N; j++)
    for (let k = 0; k < K; k++) {
      let s = k === y[j] ? 1 : 0;
      for (let r = 0; r < k; r++) s -= (theta[offW + k * d + r] as number) * (theta[offH + r * N + j] as number);
      theta[offH + k * N + j] = s / (theta[offW + k * d + k] as number);
    }
  return theta;
}

const SEED = 7;
const wDecay = problem(ce, 4, 6, 2, 0.75, 0.1);
const hDecay = problem(ce, 4, 6, 2, 0.1, 0.75);
const softmaxBias = problem(ce, 3, 4, 4, 0.1, 0.1);
const mseFit = problem(mse, 3, 3, 4, 2 ** -12, 2 ** -12);

const CASES: readonly Case[] = [
  // ĝ_W ≈ λ_W·W (λ_W = 0.75, W ≈ 3, H ≈ 1e-9): its error is the final rounding of each Dot2, ≈ u|ĝ_W| — ‖E_W‖_F.
  { name: 'W-decay', loss: ce, p: wDecay, theta: gaussianPoint(wDecay, SEED, 3, 1e-9, 1), block: 'W' },
  // ĝ_H ≈ λ_H·H (λ_H = 0.75, H ≈ 3, W ≈ 1e-9): ‖E_H‖_F.
  { name: 'H-decay', loss: ce, p: hDecay, theta: gaussianPoint(hDecay, SEED, 1e-9, 3, 1), block: 'H' },
  // W, H ≈ 1e-7 and b ≈ 1e-3: every column's softmax is ≈ the same p ≈ 1/K, ĝ_b = Σ_j Ĝ_kj ≈ p_k − 1/K ≈ 1e-4, and
  // the N roundings of Ĝ_kj (each ≈ u·p/N, the same sign in every column) add up to ≈ u·p ≫ u|ĝ_b|: ‖E_G·1‖.
  {
    name: 'softmax-bias',
    loss: ce,
    p: softmaxBias,
    theta: gaussianPoint(softmaxBias, SEED, 1e-7, 1e-7, 1e-3),
    block: 'b',
  },
  // The MSE fit: ĝ_b's error is Σ_j (Ẑ − Z)_kj/N, covered by √N·π; ĝ_W's is (Ẑ − Z)Hᵀ/N, by π·‖H‖ (‖H‖ ≈ 40).
  { name: 'mse-fit', loss: mse, p: mseFit, theta: fittingPoint(mseFit, SEED), block: 'b' },
  { name: 'mse-fit', loss: mse, p: mseFit, theta: fittingPoint(mseFit, SEED), block: 'W' },
];

function blockRange(p: UfmProblem, block: 'W' | 'H' | 'b'): [number, number] {
  const L = ufmLayout(p);
  if (block === 'W') return [L.offW, L.offW + L.K * L.d];
  if (block === 'H') return [L.offH, L.offH + L.d * L.N];
  return [L.offB, L.offB + L.K];
}

function boundOf(c: Case, spec?: { specW?: number; specH?: number }): CompensatedGradient {
  const b = compensatedGradientBound(c.p, c.loss, c.theta, spec);
  if (b === undefined) throw new Error(`${c.name}: no bound`);
  return b;
}

/** ‖x‖ of a block of θ in plain double arithmetic (the test's own; its rounding is ~u relative). */
function blockNorm(theta: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (theta[i] as number) ** 2;
  return Math.sqrt(s);
}

describe('compensatedGradientBound, block by block', () => {
  it('should bound each block against the exact gradient where one term of its bound carries the error', () => {
    for (const c of CASES) {
      // Arrange
      const where = `${c.name} (${c.loss.id} K=${c.p.K} d=${c.p.d}), block ${c.block}, seed ${SEED}`;
      const ref = referenceGradient(c.p, c.loss, c.theta);
      // Act
      const b = boundOf(c);
      // Assert: every block within its own bound, the whole within errorBound and ‖∇f‖ within ε.
      const blocks = { W: b.eW, H: b.eH, b: b.eB } as const;
      for (const blk of ['W', 'H', 'b'] as const) {
        const [from, to] = blockRange(c.p, blk);
        expect(distAndNorm(b.grad, ref, from, to).dist, `${where}: block ${blk}`).toBeLessThanOrEqual(
          blocks[blk] + REF_SLACK,
        );
      }
      const all = distAndNorm(b.grad, ref);
      expect(all.dist, where).toBeLessThanOrEqual(b.errorBound + REF_SLACK);
      expect(all.norm, where).toBeLessThanOrEqual(b.eps + REF_SLACK);
      // Not vacuous: the block the case is built for does carry a rounding error (it is not exact by luck).
      const [from, to] = blockRange(c.p, c.block);
      expect(distAndNorm(b.grad, ref, from, to).dist, where).toBeGreaterThan(0);
    }
  });

  it('should report π = (ℓ₂/N)·‖E_Z‖_F with ℓ₂ = ½ for CE and 1 for MSE, and errorBound = e_W + e_H + e_b', () => {
    // ℓ₂ = sup‖∇²ℓ‖₂ (THEORY.md §0.2): diag p − ppᵀ ⪯ ½I for CE, I for MSE. Both sides: π must not be below its
    // formula (a rounding there could make it too small) nor looser than TIGHT (ℓ₂ = 1 for CE would double it).
    for (const c of CASES) {
      // Arrange
      const where = `${c.name} (${c.loss.id}), seed ${SEED}`;
      const l2 = c.loss === ce ? 0.5 : 1;
      // Act
      const b = boundOf(c);
      // Assert
      const N = ufmLayout(c.p).N;
      expect(b.dZ, where).toBeGreaterThan(0);
      expect(b.dGProp, where).toBeGreaterThanOrEqual((l2 / N) * b.dZ);
      expect(b.dGProp, where).toBeLessThanOrEqual((l2 / N) * b.dZ * TIGHT);
      // errorBound ≥ e_W + e_H + e_b in exact arithmetic (the triangle inequality over the blocks, item 4).
      const sum = exactScaled(b.eW) + exactScaled(b.eH) + exactScaled(b.eB);
      expect(exactScaled(b.errorBound) >= sum, where).toBe(true);
      expect(b.errorBound, where).toBeLessThanOrEqual((b.eW + b.eH + b.eB) * TIGHT);
    }
  });

  it('should keep every term of the block bounds at θ = 0, where the products are exact and only Ĝ is rounded', () => {
    // Arrange: W = H = b = 0, so Ẑ = 0 and ĝ_W, ĝ_H are exactly 0 (E_W, E_H are only the underflow allowance τ),
    // and for CE with K − 1 a power of two the balanced row sums ĝ_b = Σ_j Ĝ_kj vanish exactly (E_b ≈ γ²Σ|Ĝ|). What is left
    // of item 3's bounds are the loss gradient's rounding terms, which must be there in full (exact comparisons):
    //   e_W ≥ (‖E_G‖_F + π)·‖H‖₂,  e_H ≥ ‖W‖₂·(‖E_G‖_F + π)   (spectral bounds 1 given),  e_b ≥ ‖E_G·1‖ + √N·π,
    // with E_G the softmax bound itself (softmaxGradientBound at Z = 0), and for MSE E_G = 2.01u|Ĝ| with Ĝ = −Y/N.
    const ex = (x: number): bigint => exactScaled(x, EXACT);
    // n = 2 for e_b: there E_b's γ_{N+1}²Σ|Ĝ| (≈ 10⁻³⁰) stays far below 2⁻⁴⁰ of ‖E_G·1‖ (≈ 10⁻²⁷).
    const cases = [
      { loss: ce, K: 3, n: 100 },
      { loss: ce, K: 3, n: 2 },
      { loss: mse, K: 5, n: 100 },
    ] as const;
    for (const { loss, K, n } of cases) {
      const p = problem(loss, K, 4, n, 0.1, 0.1);
      const L = ufmLayout(p);
      const N = L.N;
      const where = `${loss.id} K=${K} n=${n} at θ = 0`;
      // Act
      const b = compensatedGradientBound(p, loss, new Float64Array(L.dim), { specW: 1, specH: 1 });
      // Assert
      expect(b, where).toBeDefined();
      if (b === undefined) continue;
      if (loss === ce) expect(b.gradNorm, where).toBe(0); // MSE: ĝ_b = −1/K, computed exactly by Dot2
      const y = labelsOf(p);
      let rowSq = 0n,
        frobSq = 0n;
      if (loss === ce) {
        const G = new Float64Array(K * N),
          E = new Float64Array(K * N);
        softmaxGradientBound(K, N, new Float64Array(K * N), y, G, E);
        for (let k = 0; k < K; k++) {
          let r = 0n;
          for (let j = 0; j < N; j++) {
            const e = ex(E[k * N + j] as number);
            r += e;
            frobSq += e * e;
          }
          rowSq += r * r;
        }
      } else {
        // E_G = 2.01u|Ĝ|, Ĝ = −1/N at the labels (N = 500: fl(1/N), exact in the reference), as 201·u/100.
        const g = ex(1 / N) * 201n;
        frobSq = BigInt(N) * g * g;
        rowSq = BigInt(K) * (BigInt(n) * g) ** 2n;
      }
      const scale = loss === ce ? 1n : 100n * 2n ** 53n; // the MSE values above are E_G·100·2⁵³
      const geq = (got: number, sq: bigint): boolean => (ex(got) * scale) ** 2n >= sq;
      expect(geq(b.dG, frobSq), `${where}: dG ≥ ‖E_G‖_F`).toBe(true);
      const dGpi = ex(b.dG) + ex(b.dGProp);
      expect(ex(b.eW) >= dGpi && ex(b.eH) >= dGpi, `${where}: e_W, e_H ≥ ‖E_G‖_F + π`).toBe(true);
      if (loss === ce) expect(geq(b.eB, rowSq), `${where}: e_b ≥ ‖E_G·1‖`).toBe(true);
      else expect(ex(b.eB) ** 2n * scale ** 2n >= rowSq, `${where}: e_b ≥ ‖E_G·1‖`).toBe(true);
      // Not vacuous: π is negligible here (E_Z is only τ), so these are the rounding terms' own inequalities.
      expect(b.dGProp, where).toBeLessThan(1e-300);
    }
  });

  it('should cover the logits’ bound in full when its sum of squares loses every small term (dZ ≥ u‖Ẑ‖_F)', () => {
    // Arrange: K = 64, d = 1, n = 1; W = e₀, H = (1, 2⁻²⁷, …), b = (0, 2⁻²⁷, …), so Ẑ = Z exactly with Z₀₀ = 1 and
    // the other 4095 entries 2⁻²⁷. E_Z ≥ u|Ẑ| entrywise (the Dot2 bound's first term, compensatedProduct.ts), and
    // E_Z's entries are in the same exact ratio 2⁻²⁷: each small square (2⁻⁵⁴ of the first) is below half an ulp of
    // the running sum and is lost, so the plain sum of squares falls ≈ 4095·2⁻⁵⁴ ≈ 2048u short — which frobUp's factor
    // 1 + 1.01(n + 2)u (Higham Thm 3.5) must make up, as ‖E_Z‖_F ≥ u‖Ẑ‖_F = u·√(1 + 4095·2⁻⁵⁴).
    const p = parseUfmProblem({ loss: 'ce', K: 64, d: 1, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: true });
    const L = ufmLayout(p);
    const theta = new Float64Array(L.dim);
    theta[L.offW] = 1;
    theta.fill(2 ** -27, L.offH + 1, L.offH + L.N);
    theta[L.offH] = 1;
    theta.fill(2 ** -27, L.offB + 1, L.offB + L.K);
    // Act
    const b = compensatedGradientBound(p, ce, theta);
    // Assert (exactly, scaled by 2^1100): dZ² ≥ u²(1 + 4095·2⁻⁵⁴).
    expect(b).toBeDefined();
    if (b === undefined) return;
    const n = BigInt(L.K * L.N - 1);
    const lhs = exactScaled(b.dZ, EXACT) ** 2n * 2n ** 106n * 2n ** 54n;
    const rhs = (2n ** 54n + n) * (1n << BigInt(EXACT)) ** 2n;
    expect(lhs >= rhs, `dZ = ${b.dZ}, u‖Ẑ‖_F ≈ ${U * Math.sqrt(1 + 4095 * 2 ** -54)}`).toBe(true);
  });

  it('should use the Frobenius norms of W and H when no spectral bounds are given', () => {
    // Arrange: the MSE fit, where ‖H‖_F ≈ 40 ≫ ‖W‖_F ≈ 0.3 and π·‖·‖ is a visible part of e_W and e_H.
    const c = CASES[3] as Case;
    const L = ufmLayout(c.p);
    const fW = blockNorm(c.theta, L.offW, L.offW + L.K * L.d),
      fH = blockNorm(c.theta, L.offH, L.offH + L.d * L.N);
    // Act
    const dflt = boundOf(c);
    const lower = boundOf(c, { specW: fW * (1 - 2 ** -40), specH: fH * (1 - 2 ** -40) });
    const upper = boundOf(c, { specW: fW * TIGHT, specH: fH * TIGHT });
    // Assert: the default sits between the bounds computed with ‖W‖_F, ‖H‖_F given explicitly.
    expect(dflt.eW).toBeGreaterThanOrEqual(lower.eW);
    expect(dflt.eH).toBeGreaterThanOrEqual(lower.eH);
    expect(dflt.eW).toBeLessThanOrEqual(upper.eW);
    expect(dflt.eH).toBeLessThanOrEqual(upper.eH);
    // …and a smaller given norm gives a smaller bound (the norms are used, not ignored).
    const tighter = boundOf(c, { specW: fW / 2, specH: fH / 2 });
    expect(tighter.eW).toBeLessThan(dflt.eW);
    expect(tighter.eH).toBeLessThan(dflt.eH);
  });

  it('should cover the rounding of ‖ĝ‖ itself in ε, at a gradient whose sum of squares loses every small term', () => {
    // Arrange: H = 0, λ_W = 1, no bias, so ĝ_W = W exactly (Dot2 of zeros plus an exact TwoProduct). W₀₀ = 1 and the
    // other 1023 entries 2⁻²⁷: each square 2⁻⁵⁴ is below half an ulp of the running sum ≈ 1 and is lost, so fl‖ĝ‖
    // falls ≈ 1023·2⁻⁵⁵ ≈ 256u below ‖ĝ‖, while errorBound is only a few u·‖ĝ‖. ε must still cover ‖ĝ‖ + errorBound
    // (its factor 1 + 1.01(dim + 2)u, Higham Thm 3.5).
    const p = parseUfmProblem({ loss: 'ce', K: 4, d: 256, n: 1, lambdaW: 1, lambdaH: 0.5, lambdaB: 0, bias: false });
    const L = ufmLayout(p);
    const theta = new Float64Array(L.dim);
    theta.fill(2 ** -27, L.offW, L.offW + L.K * L.d);
    theta[L.offW] = 1;
    // Act
    const b = compensatedGradientBound(p, ce, theta);
    const ref = referenceGradient(p, ce, theta);
    // Assert
    expect(b).toBeDefined();
    if (b === undefined) return;
    let sq = 0n;
    for (const g of b.grad) sq += exactScaled(g) ** 2n;
    const gNorm = Math.sqrt(toNumber(sq, 2 * 1100)); // ‖ĝ‖ to ~u relative
    expect((gNorm - b.gradNorm) / b.gradNorm, 'the computed norm lost ≥ 100u').toBeGreaterThan(100 * U);
    expect(b.errorBound / b.gradNorm, 'errorBound is small beside that').toBeLessThan(20 * U);
    expect(gNorm + b.errorBound).toBeLessThanOrEqual(b.eps);
    expect(distAndNorm(b.grad, ref).norm).toBeLessThanOrEqual(b.eps + REF_SLACK);
    expect(FRAC).toBeGreaterThan(200); // the reference's resolution is far below the 256u margin
  });
});
