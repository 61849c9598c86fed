/**
 * Losses on logits (STYLE.md §2.3) and the registry that maps a loss id ('ce', 'mse', plug-ins) to its
 * {@link LogitLoss}. Built-ins are registered at load; a plug-in is one file calling {@link columnLoss} plus one
 * `registerLoss` call.
 */
import { UsageError } from '../core/index.ts';
import type { LogitLoss } from './loss.ts';
import { ce } from './ce.ts';
import { mse } from './mse.ts';
import { parseFamilyId, type LossFamily } from './family.ts';
import { labelSmoothingFamily } from './labelSmoothing.ts';
import { focalFamily } from './focal.ts';
import { temperatureCeFamily } from './temperatureCe.ts';
import { logitAdjustedFamily } from './logitAdjusted.ts';
import { weightedCeFamily } from './weightedCe.ts';
import { rescaledMseFamily } from './rescaledMse.ts';

export type { LogitLoss, LossTraits, ColumnKernels } from './loss.ts';
export { columnLoss, columnKernelsOf } from './columnLoss.ts';
export { ce, ceKernels } from './ce.ts';
export { mse, mseKernels } from './mse.ts';
export { softmaxFamilyKernels, type SoftmaxFamily } from './softmaxFamily.ts';
export { familyId, parseFamilyId, type LossFamily } from './family.ts';
export { labelSmoothing, LS_CITE } from './labelSmoothing.ts';
export { focal, focalKernels, FOCAL_CITE } from './focal.ts';
export { temperatureCe, TCE_CITE } from './temperatureCe.ts';
export { logitAdjusted, LA_CITE } from './logitAdjusted.ts';
export { weightedCe, WCE_CITE } from './weightedCe.ts';
export { rescaledMse, rescaledMseKernels, RMSE_CITE } from './rescaledMse.ts';
export {
  detectTraits,
  traitLetters,
  TRAIT_NAMES,
  TRAIT_LETTER,
  type TraitReport,
  type TraitVerdict,
  type TraitName,
  type TraitCheckOptions,
} from './traitCheck.ts';

/** The parametric catalogue (issue 11 item 4): `ls(ε)`, `focal(γ)`, `tce(τ)`, `la(τ,π…)`, `wce(w…)`, `rmse(k,M)`. */
export const LOSS_FAMILIES: readonly LossFamily[] = [
  labelSmoothingFamily,
  focalFamily,
  temperatureCeFamily,
  logitAdjustedFamily,
  weightedCeFamily,
  rescaledMseFamily,
];

const registry = new Map<string, LogitLoss>([
  [ce.id, ce],
  [mse.id, mse],
]);

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
  const l = registry.get(id) ?? familyMember(id);
  if (l === undefined)
    throw new UsageError(
      'loss',
      `unknown loss '${id}'; known: ${listLosses().join(', ')}, and the families ${LOSS_FAMILIES.map((f) => f.usage).join('; ')}`,
    );
  return l;
}

/**
 * A member of a catalogue family (`ls(0.1)`), built, registered under both its canonical id and the spelling asked
 * for, and returned; undefined when `id` names no family.
 * @throws UsageError('loss', …) naming the parameter when the family rejects the arguments
 */
function familyMember(id: string): LogitLoss | undefined {
  const parsed = parseFamilyId(id);
  if (parsed === undefined) return undefined;
  const fam = LOSS_FAMILIES.find((f) => f.name === parsed.name);
  if (fam === undefined) return undefined;
  let loss: LogitLoss;
  try {
    loss = fam.build(parsed.args, id);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError('loss', e.message);
    throw e;
  }
  const canonical = registry.get(loss.id) ?? loss;
  registry.set(canonical.id, canonical);
  registry.set(id, canonical);
  return canonical;
}

/** Ids of all registered losses, sorted. */
export function listLosses(): string[] {
  return [...registry.keys()].sort();
}
