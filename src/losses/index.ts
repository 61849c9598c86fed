/**
 * Losses on logits (STYLE.md §2.3) and the registry that maps a loss id ('ce', 'mse', plug-ins) to its
 * {@link LogitLoss}. Built-ins are registered at load; a plug-in is one file calling {@link columnLoss} plus one
 * `registerLoss` call.
 */
import { UsageError } from '../core/index.ts';
import type { LogitLoss } from './loss.ts';
import { ce } from './ce.ts';
import { mse } from './mse.ts';

export type { LogitLoss, LossTraits, ColumnKernels } from './loss.ts';
export { columnLoss, columnKernelsOf } from './columnLoss.ts';
export { ce, ceKernels } from './ce.ts';
export { mse, mseKernels } from './mse.ts';

const registry = new Map<string, LogitLoss>([[ce.id, ce], [mse.id, mse]]);

/**
 * Registers a loss under its id (idempotent for the same object).
 * @throws RangeError if another loss is already registered under that id, or the id is empty
 */
export function registerLoss(loss: LogitLoss): void {
  if (loss.id === '') throw new RangeError('loss id must be non-empty');
  const old = registry.get(loss.id);
  if (old !== undefined && old !== loss) throw new RangeError(`a different loss is already registered as '${loss.id}'`);
  registry.set(loss.id, loss);
}

/**
 * The loss registered under `id`.
 * @throws UsageError('loss', …) naming the known ids when `id` is unknown
 * @example
 * lossById('ce').id; // => 'ce'
 */
export function lossById(id: string): LogitLoss {
  const l = registry.get(id);
  if (l === undefined) throw new UsageError('loss', `unknown loss '${id}'; known: ${listLosses().join(', ')}`);
  return l;
}

/** Ids of all registered losses, sorted. */
export function listLosses(): string[] {
  return [...registry.keys()].sort();
}
