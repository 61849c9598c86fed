/**
 * Near-miss perturbations (issue 9 item 3): a claim's comparisons take a `Miss`, the relative error to put on each
 * predicted quantity ('value' f*, 'gram' Gram matrices, 'norm' norms and scale constants, 'bias', 'lambda' λ_min, …).
 * The claim itself uses no miss ({}); its near-miss control `<id>.near-miss-<q>` multiplies the predictions of
 * quantity q by (1 + ε_q) (nearMiss.ts). An absent quantity is unperturbed, and x·(1 + 0) = x exactly, so the
 * claim's numbers do not depend on how many quantities a control names.
 */

/** Relative perturbations of the predictions, by quantity (the keys of `Verdict.resolution`); absent ⇒ 0. */
export type Miss = Readonly<Partial<Record<string, number>>>;

/** No perturbation: what every claim uses. */
export const NO_MISS: Miss = {};

/**
 * The default near-miss sizes: 1e-6 on values, 1e-4 on Grams and norms. A suite that cannot refute these cannot tell
 * the theorem from a 0.01 % error in its constants.
 */
export const NEAR_MISS: Miss = { value: 1e-6, gram: 1e-4, norm: 1e-4 };

/** x·(1 + ε) (x itself when ε is 0 or absent). */
export function perturb(x: number, eps = 0): number {
  return x * (1 + eps);
}

/** x·(1 + miss[q]): the prediction x of quantity q under `miss`. */
export function missed(x: number, miss: Miss, q: string): number {
  return perturb(x, miss[q]);
}

/** A copy of M scaled by (1 + ε) (M itself when ε is 0 or absent). */
export function perturbMat<M extends { readonly rows: number; readonly cols: number; readonly data: Float64Array }>(
  M: M,
  eps = 0,
): M {
  if (eps === 0) return M;
  const data = new Float64Array(M.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (M.data[i] as number) * (1 + eps);
  return { ...M, data };
}

/** A copy of v scaled by (1 + ε) (v itself when ε is 0 or absent). */
export function perturbVec(v: Float64Array, eps = 0): Float64Array {
  if (eps === 0) return v;
  return v.map((x) => x * (1 + eps));
}
