/**
 * The plain-UFM problem description shared by the CLI, fixtures, point files and claims
 * (THEORY.md §0, §0.1). JSON form: see README "Point files".
 */
import { classDims, isObj, nonNegative } from './parse.ts';
import { UsageError } from '../core/index.ts';

export interface UfmProblem {
  /** Loss id: 'ce', 'mse', or a plug-in id. */
  readonly loss: string;
  /** Number of classes, K ≥ 2. */
  readonly K: number;
  /** Feature dimension, d ≥ 1. */
  readonly d: number;
  /** Per-class sample counts n_k ≥ 1 (balanced: all equal to n). N = Σ n_k. Columns of H are class-major. */
  readonly counts: readonly number[];
  readonly lambdaW: number;
  readonly lambdaH: number;
  /** Weight decay on the bias; ignored when `bias` is false. */
  readonly lambdaB: number;
  /** false: b ≡ 0 (the variable is absent). true: b is learned (λ_b = 0 means unregularised). */
  readonly bias: boolean;
}

/** N = Σ_k n_k. */
export function sampleCount(p: Pick<UfmProblem, 'counts'>): number {
  let s = 0;
  for (const c of p.counts) s += c;
  return s;
}

/** The balanced n if all counts are equal, else undefined. */
export function balancedN(p: Pick<UfmProblem, 'counts'>): number | undefined {
  const n0 = p.counts[0];
  return n0 !== undefined && p.counts.every((c) => c === n0) ? n0 : undefined;
}

/** Labels y_j ∈ {0..K−1} for the class-major column order (THEORY.md §0). */
export function labelsOf(p: Pick<UfmProblem, 'counts'>): Int32Array {
  const y = new Int32Array(sampleCount(p));
  let j = 0;
  p.counts.forEach((c, k) => {
    for (let i = 0; i < c; i++) y[j++] = k;
  });
  return y;
}

/**
 * Validates a problem (from JSON or flags) and returns it typed. Accepts either `n` (balanced) or `counts`.
 * @throws UsageError naming the field: K < 2, d < 1, n/counts not positive integers, λ negative or non-finite,
 *   loss not a string, bias not boolean.
 */
export function parseUfmProblem(u: unknown, where = 'problem'): UfmProblem {
  if (!isObj(u)) throw new UsageError(where, 'must be an object');
  const f = (k: string): string => `${where}.${k}`;
  if (typeof u['loss'] !== 'string' || u['loss'] === '') throw new UsageError(f('loss'), 'must be a non-empty string');
  const { K, d, counts } = classDims(u, where);
  const lambdaW = nonNegative(u['lambdaW'], f('lambdaW'));
  const lambdaH = nonNegative(u['lambdaH'], f('lambdaH'));
  const lambdaB = u['lambdaB'] === undefined ? 0 : nonNegative(u['lambdaB'], f('lambdaB'));
  const bias = u['bias'] === undefined ? true : u['bias'];
  if (typeof bias !== 'boolean') throw new UsageError(f('bias'), 'must be true or false');
  return { loss: u['loss'], K, d, counts, lambdaW, lambdaH, lambdaB, bias };
}

/** JSON form of a problem: `n` when balanced, else `counts`. */
export function problemToJson(p: UfmProblem): Record<string, unknown> {
  const n = balancedN(p);
  return {
    loss: p.loss,
    K: p.K,
    d: p.d,
    ...(n !== undefined ? { n } : { counts: [...p.counts] }),
    lambdaW: p.lambdaW,
    lambdaH: p.lambdaH,
    lambdaB: p.lambdaB,
    bias: p.bias,
  };
}
