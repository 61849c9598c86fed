/**
 * Loss plug-ins (`--loss ./my-loss.ts`, issue 6 item 3): a user module that exports a loss on logits is loaded,
 * checked for shape, **certified by the Taylor-slope test before use** (pluginCheck.ts), and registered with
 * `registerLoss`, so every later `lossById(id)` — and so `--loss <id>` — resolves to it.
 *
 * Accepted module forms (first match wins):
 * 1. `export default` or `export const loss` = a {@link LogitLoss}: `{ id, value, valueAndGrad, hvp, cite?, traits? }`.
 * 2. `export default` or `export const loss` = `{ id, kernels: { value, grad, hvp }, cite?, traits? }`: per-column
 *    {@link ColumnKernels} (without the 1/N), lifted with `columnLoss`.
 * 3. Named exports `id` and `kernels` (and optionally `cite`, `traits`), lifted the same way.
 * A missing `cite` becomes the module path; missing `traits` are all false (nothing a claim may rely on is assumed).
 * Declared traits are spot-checked with the derivatives (pluginCheck.ts).
 */
import { resolve } from 'node:path';
import { UsageError } from '../core/index.ts';
import {
  columnLoss,
  lossById,
  registerLoss,
  type ColumnKernels,
  type LogitLoss,
  type LossTraits,
} from '../losses/index.ts';
import { usageDetail } from './fixture.ts';
import { importModule } from './userModule.ts';
import { probeModule, pluginTimeoutMs } from './moduleProbe.ts';
import { errorMessage } from './run.ts';
import { checkLossDerivatives, type LossCheckOptions, type LossCheckResult } from './pluginCheck.ts';
import { lossProfile } from './pluginTraits.ts';
import { fileSha256, recordPluginSource, type PluginSource } from './pluginSource.ts';

export { fileSha256, parsePluginSource, pluginSourceOf, type PluginSource } from './pluginSource.ts';

/** Options of {@link loadLossModule}. */
export interface LoadLossOptions {
  /** The path as the user typed it, for messages. @defaultValue the absolute path */
  readonly display?: string;
  /** The flag named in errors. @defaultValue '--loss' */
  readonly field?: string;
  /** Register the loss with registerLoss. @defaultValue true */
  readonly register?: boolean;
  /** Seed and test points of the slope test. */
  readonly check?: LossCheckOptions;
  /**
   * Called with every failed check (one line each) before a rejected plug-in's error is thrown — `--verbose`
   * (the error itself is one line and names the first two). @defaultValue none
   */
  readonly onFailures?: (lines: readonly string[]) => void;
  /**
   * Load and check the module first in a worker thread with a deadline (moduleProbe.ts), so an infinite loop is a
   * usage error rather than a hang. @defaultValue true
   */
  readonly probe?: boolean;
  /** The probe's deadline in ms. @defaultValue pluginTimeoutMs(process.env) */
  readonly timeoutMs?: number;
}

/** Losses already loaded, by absolute path (a module is loaded, checked and registered once). */
const loaded = new Map<string, LogitLoss>();

/**
 * Makes sure the loss `lossId` named by a saved point or fixture is registered: a built-in or catalogue id resolves at
 * once; otherwise the plug-in recorded with it (`source`) is loaded if its file still exists and its content hash is
 * unchanged, or the one given explicitly (`override`, e.g. `--loss FILE`), which must register the same id.
 *
 * @param lossId - problem.loss of the point/fixture
 * @param source - the recorded plug-in, if any (point file `lossModule`, fixture instance `lossModule`)
 * @param override - a `--loss` value given on the command line, if any
 * @param cwd - for a relative override
 * @param field - the input named in errors
 * @throws {UsageError} naming `field`: unknown id and no plug-in recorded; recorded file missing or changed (with both
 *   hashes); override registering another id
 */
export async function ensureLoss(
  lossId: string,
  source: PluginSource | undefined,
  override: string | undefined,
  cwd: string,
  field: string,
): Promise<LogitLoss> {
  if (override !== undefined) {
    const l = await resolveLoss(override, cwd, '--loss');
    if (l.id !== lossId)
      throw new UsageError('--loss', `${override} registers loss '${l.id}', but the ${field} needs '${lossId}'`);
    return l;
  }
  try {
    return lossById(lossId);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
  }
  if (source === undefined)
    throw new UsageError(
      field,
      `unknown loss '${lossId}' and no plug-in recorded for it: pass --loss FILE (the module that defines '${lossId}')`,
    );
  const now = fileSha256(source.path);
  if (now === undefined)
    throw new UsageError(
      field,
      `loss '${lossId}' is the plug-in ${source.path}, which is missing now: pass --loss FILE`,
    );
  if (now !== source.sha256)
    throw new UsageError(
      field,
      `loss '${lossId}': the plug-in ${source.path} changed since it was recorded (sha256 ${source.sha256.slice(0, 12)}… then, ${now.slice(0, 12)}… now): pass --loss ${source.path} to use it as it is now`,
    );
  const l = await loadLossModule(source.path, { field });
  if (l.id !== lossId)
    throw new UsageError(field, `the plug-in ${source.path} now registers '${l.id}', not '${lossId}'`);
  return l;
}

const TRAIT_KEYS = ['convexInZ', 'permutationEquivariant', 'shiftInvariant'] as const;
const NO_TRAITS: LossTraits = { convexInZ: false, permutationEquivariant: false, shiftInvariant: false };

type Rec = Readonly<Record<string, unknown>>;

function isRec(u: unknown): u is Rec {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

function describeMissing(o: Rec, keys: readonly string[], prefix: string): string[] {
  return keys
    .filter((k) => typeof o[k] !== 'function')
    .map((k) => `${o[k] === undefined ? 'missing' : 'bad'} '${prefix}${k}' (a function)`);
}

/**
 * The loss a module's exports describe, checked for shape only (no derivative test).
 *
 * @param ns - the module namespace
 * @param display - the module path for messages
 * @param field - the flag named in errors
 * @returns the loss (lifted with columnLoss in the kernel forms)
 * @throws {UsageError} naming every missing or malformed member
 * @example
 * lossFromExports({ id: 'sq', kernels: { value, grad, hvp } }, './sq.ts', '--loss').id; // => 'sq'
 */
export function lossFromExports(ns: Rec, display: string, field: string): LogitLoss {
  const named = ns['default'] !== undefined ? 'default' : ns['loss'] !== undefined ? 'loss' : undefined;
  const where = named === undefined ? `${display}` : `${display}: export '${named}'`;
  const cand: unknown =
    named === undefined ? (ns['kernels'] !== undefined || ns['id'] !== undefined ? ns : undefined) : ns[named];
  if (cand === undefined) {
    const names = Object.keys(ns);
    throw new UsageError(
      field,
      `${display} exports no loss: export default (or 'loss') a LogitLoss {id, value, valueAndGrad, hvp} or {id, kernels: {value, grad, hvp}}, or export 'id' and 'kernels' (it exports ${names.length === 0 ? 'nothing' : names.map((n) => `'${n}'`).join(', ')})`,
    );
  }
  if (!isRec(cand)) throw new UsageError(field, `${where} is not a loss object`);
  const problems: string[] = [];
  const id = cand['id'];
  if (typeof id !== 'string' || !/^[^\s]{1,64}$/.test(id))
    problems.push(`${id === undefined ? 'missing' : 'bad'} 'id' (a non-empty string without spaces, e.g. 'focal(2)')`);
  const cite = cand['cite'];
  if (cite !== undefined && typeof cite !== 'string') problems.push(`bad 'cite' (a string)`);
  const traits = parseTraits(cand['traits'], problems);
  const kernelForm = cand['kernels'] !== undefined;
  if (kernelForm) {
    const k = cand['kernels'];
    if (!isRec(k)) problems.push(`bad 'kernels' (an object {value, grad, hvp})`);
    else problems.push(...describeMissing(k, ['value', 'grad', 'hvp'], 'kernels.'));
  } else {
    const missing = describeMissing(cand, ['value', 'valueAndGrad', 'hvp'], '');
    if (missing.length === 3)
      problems.push(
        `neither a LogitLoss ({id, value, valueAndGrad, hvp}) nor a kernel module ({id, kernels: {value, grad, hvp}})`,
      );
    else problems.push(...missing);
  }
  if (problems.length > 0) throw new UsageError(field, `${where} is not a valid loss: ${problems.join('; ')}`);
  const lossId = id as string;
  const lossCite = (cite as string | undefined) ?? `plug-in ${display}`;
  if (kernelForm) {
    const k = cand['kernels'] as Rec;
    const kernels: ColumnKernels = {
      value: (k['value'] as ColumnKernels['value']).bind(k),
      grad: (k['grad'] as ColumnKernels['grad']).bind(k),
      hvp: (k['hvp'] as ColumnKernels['hvp']).bind(k),
    };
    return columnLoss(lossId, lossCite, traits, kernels);
  }
  const l = cand as unknown as LogitLoss;
  return {
    id: lossId,
    cite: lossCite,
    traits,
    value: l.value.bind(l),
    valueAndGrad: l.valueAndGrad.bind(l),
    hvp: l.hvp.bind(l),
  };
}

function parseTraits(u: unknown, problems: string[]): LossTraits {
  if (u === undefined) return NO_TRAITS;
  if (!isRec(u)) {
    problems.push(`bad 'traits' (an object {convexInZ, permutationEquivariant, shiftInvariant} of booleans)`);
    return NO_TRAITS;
  }
  const out: Record<string, boolean> = {};
  for (const k of TRAIT_KEYS) {
    const v = u[k];
    if (v === undefined) out[k] = false;
    else if (typeof v === 'boolean') out[k] = v;
    else problems.push(`bad 'traits.${k}' (a boolean)`);
  }
  return out as unknown as LossTraits;
}

/**
 * One line describing why the slope test rejected a loss (the first two failures).
 */
export function rejectionMessage(id: string, display: string, r: LossCheckResult): string {
  const more = r.failures.length > 2 ? `; and ${r.failures.length - 2} more (--verbose lists them)` : '';
  return `${display}: loss '${id}' rejected by the Taylor-slope test: ${r.failures.slice(0, 2).join('; ')}${more}`;
}

/**
 * Loads a loss plug-in: imports the module, checks its shape, runs the Taylor-slope test (gradient slope ≈ 2,
 * Hessian slope ≈ 3, HVP-vs-gradient slope ≈ 2, on seeded random logits), spot-checks its declared traits, and
 * registers it under its id.
 *
 * @param file - module path (absolute, or relative to the process cwd)
 * @param options - display path, flag name, registration, check settings
 * @returns the certified loss
 * @throws {UsageError} naming `field` (default '--loss'): missing file, failed import, missing member, a failed
 *   check (naming it and its measured slope), or an id already registered for a different loss
 * @example
 * const focal = await loadLossModule('examples/losses/focal.ts');
 * focal.id;                 // => 'ex-focal(2)'
 * lossById('ex-focal(2)');  // => the same loss
 */
export async function loadLossModule(file: string, options: LoadLossOptions = {}): Promise<LogitLoss> {
  const abs = resolve(file);
  const cached = loaded.get(abs);
  if (cached !== undefined) return cached;
  const field = options.field ?? '--loss';
  const display = options.display ?? abs;
  if (options.probe ?? true)
    await probeModule('loss', abs, display, field, options.timeoutMs ?? pluginTimeoutMs(process.env));
  const ns = await importModule(abs, display, field);
  // Whatever the module's code throws (a getter, a kernel) is the plug-in's fault: one line naming --loss, no stack.
  const loss = guarded(display, field, 'reading its exports', () => lossFromExports(ns, display, field));
  const result = guarded(display, field, 'the Taylor-slope test', () =>
    checkLossDerivatives(loss, options.check ?? {}),
  );
  if (!result.ok) {
    options.onFailures?.(result.failures);
    throw new UsageError(field, rejectionMessage(loss.id, display, result));
  }
  // The §10 traits, detected on sampled logits (pluginTraits.ts): a declared trait that is refuted is an error
  // naming the trait and the witness; undeclared traits that hold are reported by the commands that use them.
  guarded(display, field, 'the trait checks', () => lossProfile(loss, field, display));
  const safe = guardedLoss(loss, display, field);
  if (options.register ?? true) {
    try {
      registerLoss(safe);
    } catch (e) {
      throw new UsageError(
        field,
        `${display}: loss id '${loss.id}' is already registered for another loss (${e instanceof Error ? e.message : String(e)}); choose another id`,
      );
    }
  }
  loaded.set(abs, safe);
  const sha256 = fileSha256(abs);
  if (sha256 !== undefined) recordPluginSource(safe.id, { path: abs, sha256 });
  return safe;
}

/**
 * The loss with every kernel guarded: an exception thrown by the plug-in's code during a solve or a certificate is a
 * one-line usage error naming the flag and the module (issue 12: no stack trace, exit 64), not an internal error.
 */
export function guardedLoss(loss: LogitLoss, display: string, field: string): LogitLoss {
  const stage = `a call of loss '${loss.id}'`;
  return {
    id: loss.id,
    cite: loss.cite,
    traits: loss.traits,
    value: (Z, y) => guarded(display, field, stage, () => loss.value(Z, y)),
    valueAndGrad: (Z, y, G) => guarded(display, field, stage, () => loss.valueAndGrad(Z, y, G)),
    hvp: (Z, y, V, out) => guarded(display, field, stage, () => loss.hvp(Z, y, V, out)),
  };
}

/** Runs `f`; anything but a UsageError it throws becomes one naming `field`, the module and the stage. */
function guarded<T>(display: string, field: string, stage: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(field, `${display}: the plug-in threw during ${stage}: ${errorMessage(e)}`);
  }
}

/**
 * True when a `--loss` value names a module rather than a registered id: it contains a path separator or ends in
 * .ts/.mts/.cts/.js/.mjs/.cjs.
 *
 * @example
 * isLossPath('./focal.ts'); // => true
 * isLossPath('ce');         // => false
 */
export function isLossPath(spec: string): boolean {
  return /[\\/]/.test(spec) || /\.[mc]?[jt]s$/.test(spec);
}

/**
 * Resolves a `--loss` value: a module path is loaded with {@link loadLossModule} (relative to cwd); anything else is
 * a registered id.
 *
 * @param spec - the flag's value
 * @param cwd - working directory for relative paths
 * @param field - the flag named in errors @defaultValue '--loss'
 * @throws {UsageError} naming `field` (unknown id, or any plug-in error)
 * @example
 * await resolveLoss('ce', process.cwd());                       // => ce
 * await resolveLoss('./examples/losses/focal.ts', process.cwd()); // => ex-focal(2), certified and registered
 */
export async function resolveLoss(
  spec: string,
  cwd: string,
  field = '--loss',
  onFailures?: (lines: readonly string[]) => void,
): Promise<LogitLoss> {
  if (spec === '') throw new UsageError(field, 'must not be empty');
  if (isLossPath(spec))
    return loadLossModule(resolve(cwd, spec), {
      display: spec,
      field,
      ...(onFailures !== undefined ? { onFailures } : {}),
    });
  try {
    return lossById(spec);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(field, usageDetail(e));
    throw e;
  }
}
