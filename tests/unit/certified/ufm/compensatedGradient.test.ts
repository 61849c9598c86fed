/**
 * The compensated gradient bound (src/certified/ufm/compensatedGradient.ts) against an exact reference: doubles are
 * exact BigInts, and the reference gradient is computed in 320-bit fixed point (./_compensatedReference.ts; its own
 * error ≤ 2⁻²⁸⁰, REF_SLACK = 2⁻²⁵⁰ added to the bounds for it). Points: certified minimizers (near-critical,
 * where ε ≥ ‖∇f‖ is the claim that matters) and adversarial points whose logits cancel (|W||H| ≈ 2²⁰|WH|), where the
 * ordinary product's rounding is large — the test also checks that the ordinary gradient misses the compensated bound
 * there, so an implementation without compensation would fail.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/core/index.ts';
import { certifiedMinimizer, isCertified } from '../../../../src/certified/ufm/certified.ts';
import { compensatedGradientBound, softmaxGradientBound } from '../../../../src/certified/ufm/compensatedGradient.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem, ufmLayout, ufmObjective } from '../../../../src/models/index.ts';
import type { UfmProblem } from '../../../../src/models/index.ts';
import { FRAC, exactScaled, fixedExp, toNumber } from '../../linalg/exactArith.ts';
import { F, REF_SLACK, distAndNorm, exactSoftmaxColumn, fix, referenceGradient } from './_compensatedReference.ts';

/** A point whose logits cancel: W = [A | A], H = [B; −B + 2⁻²⁰R], so WH = 2⁻²⁰AR with |W||H| ≈ 2²⁰|WH|. */
function cancellingPoint(p: UfmProblem, seed: number): Float64Array {
  const L = ufmLayout(p);
  const { K, d, N, offW, offH, offB, hasBias } = L;
  const h = d / 2;
  const rng = createRng(seed);
  const theta = new Float64Array(L.dim);
  for (let k = 0; k < K; k++)
    for (let r = 0; r < h; r++) {
      const a = rng.normal() * 2 ** 5;
      theta[offW + k * d + r] = a;
      theta[offW + k * d + h + r] = a;
    }
  for (let r = 0; r < h; r++)
    for (let j = 0; j < N; j++) {
      const b = rng.normal() * 2 ** 5;
      theta[offH + r * N + j] = b;
      theta[offH + (h + r) * N + j] = -b + rng.normal() * 2 ** -15;
    }
  if (hasBias) for (let k = 0; k < K; k++) theta[offB + k] = rng.normal();
  return theta;
}

const CASES = [
  { loss: ce, K: 3, d: 6, n: 2, bias: true, lambdaB: 0 },
  { loss: ce, K: 5, d: 8, n: 1, bias: true, lambdaB: 1e-2 },
  { loss: ce, K: 6, d: 6, n: 1, bias: false, lambdaB: 0 },
  { loss: mse, K: 4, d: 6, n: 2, bias: true, lambdaB: 0 },
  { loss: mse, K: 6, d: 8, n: 1, bias: false, lambdaB: 0 },
] as const;

function problemOf(c: (typeof CASES)[number]): UfmProblem {
  return parseUfmProblem({
    loss: c.loss.id,
    K: c.K,
    d: c.d,
    n: c.n,
    lambdaW: 0.5 / c.K,
    lambdaH: 0.3 / c.K,
    lambdaB: c.lambdaB,
    bias: c.bias,
  });
}

describe('compensatedGradientBound', () => {
  it('should bound ‖ĝ − ∇f‖ and ‖∇f‖ at certified minimizers, against the exact gradient', () => {
    for (const c of CASES) {
      // Arrange
      const seed = 11;
      const p = problemOf(c);
      const cp = certifiedMinimizer(p, { seed, loss: c.loss, starts: 2, rankReduction: 'off' });
      expect(isCertified(cp), `${c.loss.id} K=${c.K} d=${c.d} seed ${seed}`).toBe(true);
      if (!isCertified(cp)) continue;
      // Act
      const b = compensatedGradientBound(p, c.loss, cp.theta);
      const ref = referenceGradient(p, c.loss, cp.theta);
      // Assert
      expect(b).toBeDefined();
      if (b === undefined) continue;
      const { dist, norm } = distAndNorm(b.grad, ref);
      const where = `${c.loss.id} K=${c.K} d=${c.d} n=${c.n} bias=${c.bias} seed ${seed}`;
      expect(dist, where).toBeLessThanOrEqual(b.errorBound + REF_SLACK);
      expect(norm, where).toBeLessThanOrEqual(b.eps + REF_SLACK);
      // The certificate's ε (plain route here) is a bound too, and the compensated one is no looser.
      expect(norm, where).toBeLessThanOrEqual(cp.gradBound);
      expect(b.errorBound, where).toBeLessThan(cp.gradBound);
    }
  });

  it('should bound the gradient error where the logits cancel, where the ordinary gradient misses that bound', () => {
    for (const c of CASES) {
      for (const seed of [1, 2, 3]) {
        // Arrange
        const p = problemOf(c);
        const theta = cancellingPoint(p, seed);
        // Act
        const b = compensatedGradientBound(p, c.loss, theta);
        const ref = referenceGradient(p, c.loss, theta);
        const plain = new Float64Array(theta.length);
        ufmObjective(p, c.loss, { fused: false }).valueAndGrad(theta, plain);
        // Assert
        expect(b).toBeDefined();
        if (b === undefined) continue;
        const where = `${c.loss.id} K=${c.K} d=${c.d} n=${c.n} bias=${c.bias} seed ${seed}`;
        const comp = distAndNorm(b.grad, ref);
        expect(comp.dist, where).toBeLessThanOrEqual(b.errorBound + REF_SLACK);
        expect(comp.norm, where).toBeLessThanOrEqual(b.eps + REF_SLACK);
        // Not vacuous: the ordinary arithmetic's actual error exceeds the compensated bound (≈ 2²⁰·d larger in theory).
        expect(distAndNorm(plain, ref).dist, where).toBeGreaterThan(b.errorBound);
      }
    }
  });

  it('should bound every softmax-gradient entry at K = 4096, where a plain sum of the exps would not be within it', () => {
    // Arrange: exps of similar size (logits in [−1, 0]) so the sum's rounding, not the exps', dominates: a recursive
    // sum drifts by ~√K·u = 64u relative, the bound allows ≈ 10u (Sum2: u + γ_K², plus the exps' 2–3u each).
    const seed = 17;
    const rng = createRng(seed);
    const K = 4096,
      N = 2;
    const Z = new Float64Array(K * N).map(() => -rng.uniform());
    const y = new Int32Array([0, 5]);
    const G = new Float64Array(K * N),
      E = new Float64Array(K * N);
    // Act
    softmaxGradientBound(K, N, Z, y, G, E);
    // Assert: exactly, against 320-bit softmax.
    for (let j = 0; j < N; j++) {
      const { e, S } = exactSoftmaxColumn(K, N, Z, j);
      for (let k = 0; k < K; k++) {
        const exact = (((e[k] as bigint) << F) / S - (k === y[j] ? 1n << F : 0n)) / BigInt(N);
        const diff = fix(G[k * N + j] as number) - exact;
        const err = Math.abs(toNumber(diff, FRAC));
        expect(err, `seed ${seed}, column ${j}, k ${k}`).toBeLessThanOrEqual((E[k * N + j] as number) + REF_SLACK);
      }
    }
  });

  it('should rest on Math.exp within one ulp (assumption A), checked against a high-precision exp', () => {
    // Arrange: arguments in (−745, 0], dense near 0 where the softmax lives, sparse down to the subnormal range.
    const seed = 5;
    const rng = createRng(seed);
    const u = 2 ** -53,
      frac = 1200;
    let worst = 0;
    for (let i = 0; i < 4000; i++) {
      const x = i < 3000 ? -rng.uniform() * 40 : -rng.uniform() * 745;
      // Act
      const got = Math.exp(x);
      const exact = fixedExp(exactScaled(x) >> BigInt(1100 - frac), frac);
      // Assert (exactly, as BigInts at 2^frac): |got − eˣ| ≤ 2u·eˣ + η.
      const g = exactScaled(got) >> BigInt(1100 - frac);
      const err = g > exact ? g - exact : exact - g;
      const allowed = (exact * 2n) / (1n << 53n) + (1n << BigInt(frac - 1074));
      expect(err <= allowed, `seed ${seed}, x = ${x}`).toBe(true);
      if (got >= 2 ** -1022) worst = Math.max(worst, toNumber(err, frac) / toNumber(exact, frac) / u);
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('should give no bound (undefined, never NaN) when the logits overflow or the loss is not CE or MSE', () => {
    // Arrange: entries 2^499 pass the kernel's range check, but Z = Σ_r W_kr H_rj ≈ 2^998·d overflows.
    const p = parseUfmProblem({ loss: 'ce', K: 3, d: 4, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: true });
    const theta = new Float64Array(ufmLayout(p).dim).fill(2 ** 499);
    const other = { ...ce };
    // Act / Assert
    expect(compensatedGradientBound(p, ce, theta)).toBeUndefined();
    expect(compensatedGradientBound(p, other, new Float64Array(theta.length))).toBeUndefined();
  });

  it('should tighten ε on the rank-reduced route and keep its verdict', () => {
    // Arrange: one sample per class and d > K, so certifiedMinimizer certifies d′ = K with spectral norms.
    const seed = 3;
    const p = parseUfmProblem({ loss: 'ce', K: 5, d: 9, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: true });
    // Act
    const on = certifiedMinimizer(p, { seed, loss: ce, starts: 2, rankReduction: 'on' });
    // Assert
    expect(isCertified(on), `seed ${seed}`).toBe(true);
    if (!isCertified(on)) return;
    const plain = on.evidence['gradBoundPlain'] as number;
    expect(on.gradBound).toBeLessThan(plain);
    expect(on.evidence['compensated']).toBeDefined();
  });
});
