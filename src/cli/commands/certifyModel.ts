/**
 * `ufmcheck certify --point FILE` for a point of a model other than the plain UFM (a point file whose `model` names
 * a registered model; src/certified/registry.ts): the model's own certificate (CertifiedModel.certify) — extended:
 * curvature modulo the rotations at the collapsed projection; relu: the smooth-point certificate; ulpm: the
 * normalised margin; fixed-features: the ridge fit. Plain-UFM points (no `model`, or `model: 'ufm'`) keep certify.ts's
 * report. Exit 0 when certified, 2 when inconclusive, 64 on bad usage.
 */
import { UsageError, stringifyJson } from '../../claim/index.ts';
import { certifiedModels } from '../../certified/index.ts';
import type { CertifiedModel } from '../../certified/index.ts';
import type { CliContext } from '../context.ts';

/** The registered non-UFM model a point object names in its `model` field (undefined: a plain-UFM point). */
export function pointModel(u: unknown): CertifiedModel | undefined {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return undefined;
  const tag = (u as Record<string, unknown>)['model'];
  return tag === 'ufm' ? undefined : certifiedModels.find((m) => m.id === tag);
}

/** Flags of `certify` that apply to plain-UFM points only. */
const UFM_ONLY = ['global', 'loss'] as const;

/**
 * Certifies a point of `model` and prints `{model, kind, certified, why, …evidence, exitCode}` (--json) or lines.
 * @throws {UsageError} for a UFM-only flag, or naming the bad field of the point
 */
export function certifyModelPoint(
  model: CertifiedModel,
  u: unknown,
  o: {
    readonly seed: number;
    readonly gradTol: number;
    readonly json: boolean;
    readonly given: Readonly<Record<string, unknown>>;
  },
  ctx: CliContext,
): number {
  for (const f of UFM_ONLY)
    if (o.given[f] !== undefined)
      throw new UsageError(`--${f}`, `applies to plain-UFM points only; this point is --model ${model.id}`);
  const point = model.parsePoint(u);
  const c = model.certify(point, { seed: o.seed, gradTol: o.gradTol });
  const exit = c.certified ? 0 : 2;
  if (o.json)
    ctx.stdout.write(
      `${stringifyJson({ model: model.id, kind: c.kind, certified: c.certified, why: c.why, ...c.evidence, exitCode: exit }, 0)}\n`,
    );
  else
    ctx.stdout.write(
      `${[`model: ${model.id}`, `certificate: ${c.kind}  ${c.why}`, ...Object.entries(c.evidence).map(([k, x]) => `  ${k}: ${typeof x === 'number' ? x.toPrecision(8) : JSON.stringify(x)}`)].join('\n')}\n`,
    );
  return exit;
}
