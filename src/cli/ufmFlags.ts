/**
 * Problem flags shared by `solve` (and later commands): --loss, --K, --d, --n | --counts, --lambda-w, --lambda-h,
 * --lambda-b, --no-bias. Each bad value is a UsageError naming its flag (exit 64, nothing written).
 */
import { UsageError } from '../claim/index.ts';
import { boundText } from '../core/index.ts';
import { lossById, listLosses } from '../losses/index.ts';
import type { LogitLoss } from '../losses/index.ts';
import { parseUfmProblem, SIZE_LIMITS } from '../models/index.ts';
import type { UfmProblem } from '../models/index.ts';

export const PROBLEM_OPTIONS = {
  loss: { type: 'string' },
  K: { type: 'string' },
  d: { type: 'string' },
  n: { type: 'string' },
  counts: { type: 'string' },
  'lambda-w': { type: 'string' },
  'lambda-h': { type: 'string' },
  'lambda-b': { type: 'string' },
  'no-bias': { type: 'boolean' },
} as const;

export const PROBLEM_HELP = `Problem:
  --loss ID|FILE      loss on the logits: ce (default), mse, or a plug-in module ./my-loss.ts|.js (Taylor-checked)
  --K N               classes, ≥ 2 (required)
  --d N               feature dimension, ≥ 1 (required)
  --n N               samples per class (balanced), ≥ 1
  --counts a,b,...    per-class counts instead of --n (imbalanced; K entries)
  --lambda-w X        weight decay on W, finite ≥ 0 (default 5e-4)
  --lambda-h X        weight decay on H, finite ≥ 0 (default 5e-4)
  --lambda-b X        weight decay on b, finite ≥ 0 (default 0)
  --no-bias           b ≡ 0 (the bias variable is absent)
`;

/** An integer flag in [min, max] written in decimal (undefined when absent). */
export function int(s: string | undefined, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d{1,16}$/.test(s) || Number(s) < min || Number(s) > max) throw new UsageError(flag, `must be a decimal integer in [${min}, ${max}]; got '${boundText(s, 40)}'`);
  return Number(s);
}

/**
 * A decimal number (`1e-3`, `0.5`, `5`), never hexadecimal, binary, octal or `Infinity` as `Number()` would accept:
 * `--lambda-w 0x10` is a usage error, not 16 (issue 12).
 */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `--counts a,b,…`: K integers ≥ 1 (undefined when absent). */
export function countsFlag(s: string | undefined, K: number): number[] | undefined {
  if (s === undefined) return undefined;
  const parts = s.split(',');
  if (parts.length !== K) throw new UsageError('--counts', `must list K = ${K} counts; got ${parts.length}`);
  return parts.map((p, i) => int(p.trim(), `--counts[${i}]`, 1, SIZE_LIMITS.n) as number);
}

/** A finite number ≥ 0. */
export function nonNegative(s: string | undefined, flag: string, dflt: number): number {
  if (s === undefined) return dflt;
  const x = DECIMAL.test(s) ? Number(s) : Number.NaN;
  if (!DECIMAL.test(s)) throw new UsageError(flag, `must be a decimal number ≥ 0; got '${boundText(s, 40)}'`);
  if (!Number.isFinite(x)) throw new UsageError(flag, `must be a finite number; '${boundText(s, 40)}' is beyond the double range`);
  if (x < 0) throw new UsageError(flag, `must be ≥ 0; got '${boundText(s, 40)}'`);
  return x;
}

/** A finite number > 0. */
export function positive(s: string | undefined, flag: string, dflt: number): number {
  const x = nonNegative(s, flag, dflt);
  if (!(x > 0)) throw new UsageError(flag, `must be > 0; got '${s}'`);
  return x;
}

export interface ProblemFlags {
  readonly loss?: string | undefined;
  readonly K?: string | undefined;
  readonly d?: string | undefined;
  readonly n?: string | undefined;
  readonly counts?: string | undefined;
  readonly 'lambda-w'?: string | undefined;
  readonly 'lambda-h'?: string | undefined;
  readonly 'lambda-b'?: string | undefined;
  readonly 'no-bias'?: boolean | undefined;
}

/** Builds and validates the problem; the loss must be registered (built-in or loaded plug-in). */
export function problemFromFlags(v: ProblemFlags): { problem: UfmProblem; loss: LogitLoss } {
  const lossId = v.loss ?? 'ce';
  // Registered ids, and catalogue family members such as ls(0.1) built on first use (src/losses/index.ts).
  try { lossById(lossId); } catch { throw new UsageError('--loss', `unknown loss '${lossId}' (known: ${listLosses().join(', ')}, or a family such as ls(0.1), focal(2), tce(2), la(τ,π…), wce(w…), rmse(k,M))`); }
  const K = int(v.K, '--K', 2, SIZE_LIMITS.K);
  if (K === undefined) throw new UsageError('--K', 'is required (number of classes, ≥ 2)');
  const d = int(v.d, '--d', 1, SIZE_LIMITS.d);
  if (d === undefined) throw new UsageError('--d', 'is required (feature dimension, ≥ 1)');
  let counts: number[];
  if (v.counts !== undefined) {
    if (v.n !== undefined) throw new UsageError('--counts', 'give either --n or --counts, not both');
    counts = countsFlag(v.counts, K) as number[];
  } else {
    const n = int(v.n, '--n', 1, SIZE_LIMITS.n);
    if (n === undefined) throw new UsageError('--n', 'is required (samples per class), or give --counts');
    counts = new Array<number>(K).fill(n);
  }
  const problem = parseUfmProblem({
    loss: lossId, K, d, counts,
    lambdaW: nonNegative(v['lambda-w'], '--lambda-w', 5e-4),
    lambdaH: nonNegative(v['lambda-h'], '--lambda-h', 5e-4),
    lambdaB: nonNegative(v['lambda-b'], '--lambda-b', 0),
    bias: v['no-bias'] !== true,
  });
  return { problem, loss: lossById(lossId) };
}
