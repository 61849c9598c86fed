/**
 * The registry of certified models (model.ts): `solve --model M`, point files and the round-trip test dispatch
 * through it. Adding a model is one line here (docs/contributing.md "Adding a model"); the order is the order of
 * `--model`'s usage message and of "only by …" in flag errors, the first entry is the default.
 */
import { UsageError } from '../core/index.ts';
import { extendedModel, reluModel } from './extended/model.ts';
import { fixedFeaturesModel } from './fixedFeatures/model.ts';
import type { CertifiedModel, ModelPoint } from './model.ts';
import { ulpmModel } from './ulpm/model.ts';
import { ufmModel } from './ufm/model.ts';

export const certifiedModels: readonly CertifiedModel[] = [
  ufmModel,
  extendedModel,
  reluModel,
  ulpmModel,
  fixedFeaturesModel,
];

/** The registered ids, in registry order. */
export function modelIds(): string[] {
  return certifiedModels.map((m) => m.id);
}

/**
 * The model registered under `id`.
 * @param flag - the field or flag named by the error ('--model', 'model')
 * @throws {UsageError} `must be one of …; got '…'` when no model has that id
 */
export function modelById(id: string, flag = '--model'): CertifiedModel {
  const m = certifiedModels.find((x) => x.id === id);
  if (m === undefined) throw new UsageError(flag, `must be one of ${modelIds().join(', ')}; got '${id}'`);
  return m;
}

/**
 * Reads a point file object of a registered model: its `model` field picks the model (absent: the plain UFM, the format
 * `solve --save` has always written). @throws UsageError naming the field
 */
export function parseModelPoint(u: unknown): { model: CertifiedModel; point: ModelPoint } {
  const tag =
    typeof u === 'object' && u !== null && !Array.isArray(u) ? (u as Record<string, unknown>)['model'] : undefined;
  if (tag !== undefined && typeof tag !== 'string')
    throw new UsageError('model', `must be one of ${modelIds().join(', ')}`);
  const model = modelById(tag ?? 'ufm', 'model');
  return { model, point: model.parsePoint(u) };
}
