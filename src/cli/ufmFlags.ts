/**
 * Problem flags shared by `solve` (and later commands): --loss, --K, --d, --n | --counts, --lambda-w, --lambda-h,
 * --lambda-b, --no-bias. Each bad value is a UsageError naming its flag (exit 64, nothing written).
 */
import { ufmProblemFromFlags } from '../certified/index.ts';
import type { LogitLoss } from '../losses/index.ts';
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

/**
 * The flag-value parsers live with the models that use them (src/certified/flags.ts); re-exported here under their
 * historical names for the other commands (predict, compare-losses, certify).
 */
export {
  flagInt as int,
  DECIMAL,
  flagCounts as countsFlag,
  flagNonNegative as nonNegative,
  flagPositive as positive,
} from '../certified/index.ts';

/** A type (not an interface) so it is a FlagValues record. */
export type ProblemFlags = {
  readonly loss?: string | undefined;
  readonly K?: string | undefined;
  readonly d?: string | undefined;
  readonly n?: string | undefined;
  readonly counts?: string | undefined;
  readonly 'lambda-w'?: string | undefined;
  readonly 'lambda-h'?: string | undefined;
  readonly 'lambda-b'?: string | undefined;
  readonly 'no-bias'?: boolean | undefined;
};

/** Builds and validates the problem; the loss must be registered (built-in or loaded plug-in). */
export function problemFromFlags(v: ProblemFlags): { problem: UfmProblem; loss: LogitLoss } {
  return ufmProblemFromFlags(v);
}
