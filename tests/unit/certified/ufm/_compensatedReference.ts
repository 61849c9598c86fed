/**
 * Exact reference for the compensated gradient bound's tests (src/certified/ufm/compensatedGradient.ts): doubles are
 * exact BigInts (tests/unit/linalg/exactArith.ts) and the gradient of f (THEORY.md §0.2) is computed in FRAC = 320-bit
 * fixed point, the softmax through a 320-bit exp, so the reference's own error is ≤ 2⁻²⁸⁰ — far below every bound
 * compared (≥ 1e-25 ≈ 2⁻⁸³); REF_SLACK = 2⁻²⁵⁰ is added to the bounds for it.
 */
import { ce, mse } from '../../../../src/losses/index.ts';
import type { LogitLoss } from '../../../../src/losses/index.ts';
import { labelsOf, ufmLayout } from '../../../../src/models/index.ts';
import type { UfmProblem } from '../../../../src/models/index.ts';
import { FRAC, exactScaled, fixedExp, toNumber } from '../../linalg/exactArith.ts';

export const F = BigInt(FRAC);
export const REF_SLACK = 2 ** -250;

/** A double as a FRAC-bit fixed-point BigInt (floor; error ≤ 2^-FRAC). */
export const fix = (x: number): bigint => exactScaled(x) >> BigInt(1100 - FRAC);
const mulF = (a: bigint, b: bigint): bigint => (a * b) >> F;

/** The exact gradient of f at θ (THEORY.md §0.2) in FRAC-bit fixed point, in θ's layout. */
/**
 * The exact (320-bit fixed-point) softmax numerators and their sum for column j of the K×N logits Z: e_k =
 * exp(z_k − max z) and S = Σ e_k, so p_k = (e_k << F) / S. Shared by the softmax-gradient tests.
 */
export function exactSoftmaxColumn(K: number, N: number, Z: Float64Array, j: number): { e: bigint[]; S: bigint } {
  const z = Array.from({ length: K }, (_, k) => fix(Z[k * N + j] as number));
  let m = z[0] as bigint;
  for (const v of z) if (v > m) m = v;
  const e = z.map((v) => fixedExp(v - m));
  let S = 0n;
  for (const v of e) S += v;
  return { e, S };
}

export function referenceGradient(p: UfmProblem, loss: LogitLoss, theta: Float64Array): bigint[] {
  const L = ufmLayout(p);
  const { K, d, N, offW, offH, offB, hasBias } = L;
  const y = labelsOf(p);
  const th = Array.from(theta, fix);
  const Wf = (k: number, r: number): bigint => th[offW + k * d + r] as bigint;
  const Hf = (r: number, j: number): bigint => th[offH + r * N + j] as bigint;
  const G: bigint[] = new Array<bigint>(K * N).fill(0n);
  const one = 1n << F;
  for (let j = 0; j < N; j++) {
    const z: bigint[] = [];
    for (let k = 0; k < K; k++) {
      let s = hasBias ? (th[offB + k] as bigint) : 0n;
      for (let r = 0; r < d; r++) s += mulF(Wf(k, r), Hf(r, j));
      z.push(s);
    }
    if (loss === mse) {
      for (let k = 0; k < K; k++) G[k * N + j] = ((z[k] as bigint) - (k === y[j] ? one : 0n)) / BigInt(N);
      continue;
    }
    if (loss !== ce) throw new Error('referenceGradient: CE or MSE only');
    let m = z[0] as bigint;
    for (const v of z) if (v > m) m = v;
    // e^t for t = z − m ≤ 0; below −230 it is < 2^-331, i.e. 0 at this resolution.
    const cut = -230n << F;
    const e = z.map((v) => (v - m < cut ? 0n : fixedExp(v - m)));
    let S = 0n;
    for (const v of e) S += v;
    for (let k = 0; k < K; k++) G[k * N + j] = (((e[k] as bigint) << F) / S - (k === y[j] ? one : 0n)) / BigInt(N);
  }
  const g: bigint[] = new Array<bigint>(L.dim).fill(0n);
  const lW = fix(p.lambdaW),
    lH = fix(p.lambdaH),
    lB = fix(p.lambdaB);
  for (let k = 0; k < K; k++)
    for (let r = 0; r < d; r++) {
      let s = mulF(lW, Wf(k, r));
      for (let j = 0; j < N; j++) s += mulF(G[k * N + j] as bigint, Hf(r, j));
      g[offW + k * d + r] = s;
    }
  for (let r = 0; r < d; r++)
    for (let j = 0; j < N; j++) {
      let s = mulF(lH, Hf(r, j));
      for (let k = 0; k < K; k++) s += mulF(Wf(k, r), G[k * N + j] as bigint);
      g[offH + r * N + j] = s;
    }
  if (hasBias)
    for (let k = 0; k < K; k++) {
      let s = mulF(lB, th[offB + k] as bigint);
      for (let j = 0; j < N; j++) s += G[k * N + j] as bigint;
      g[offB + k] = s;
    }
  return g;
}

/**
 * ‖a − b‖ and ‖b‖ over the index range [from, to) (a doubles, b fixed point), as doubles (relative error ≤ 2⁻⁵⁰,
 * compared with margins ≥ 2⁻⁴⁰).
 */
export function distAndNorm(a: Float64Array, b: bigint[], from = 0, to = a.length): { dist: number; norm: number } {
  let sd = 0n,
    sn = 0n;
  for (let i = from; i < to; i++) {
    const diff = fix(a[i] as number) - (b[i] as bigint);
    sd += diff * diff;
    sn += (b[i] as bigint) * (b[i] as bigint);
  }
  return { dist: Math.sqrt(toNumber(sd, 2 * FRAC)), norm: Math.sqrt(toNumber(sn, 2 * FRAC)) };
}
