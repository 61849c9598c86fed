/**
 * Point files with plug-in losses (issue 11 item 7): `solve --loss ./x.ts --save p.json` records the module
 * (`lossModule: {path, sha256}`, point.ts); `metrics` and `certify` read the point through {@link readPointWithLoss},
 * which loads that module again — or the one given with `--loss FILE` — and says clearly when it is missing or changed.
 */
import { parseInputJson, readInputText } from './readInput.ts';
import { parsePoint, type PointFile } from './point.ts';
import { ensureLoss, parsePluginSource } from './plugin.ts';
import { lossById } from '../losses/index.ts';

/**
 * Reads a point file, first making sure its loss is registered (a recorded plug-in is loaded if unchanged).
 *
 * @param file - absolute path of the point file
 * @param cwd - for a relative `--loss`
 * @param lossFlag - the command's `--loss` value, if given (a plug-in module or an id)
 * @throws {UsageError} as readPoint, or naming `problem.loss` when the loss cannot be resolved (with the reason)
 */
export async function readPointWithLoss(file: string, cwd: string, lossFlag?: string): Promise<PointFile> {
  const u = parseInputJson(readInputText(file, '--point'), 'point', file);
  const o = (typeof u === 'object' && u !== null ? u : {}) as Record<string, unknown>;
  const problem = o['problem'];
  const lossId =
    typeof problem === 'object' && problem !== null ? (problem as Record<string, unknown>)['loss'] : undefined;
  if (typeof lossId === 'string' && lossId !== '')
    await ensureLoss(lossId, parsePluginSource(o['lossModule']), lossFlag, cwd, 'problem.loss');
  return parsePoint(u, (id) => {
    try {
      lossById(id);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Before fixtures are resolved (replay): loads the plug-in loss recorded in each fixture's instance
 * (`instance.lossModule`, written by `verify --loss FILE`) when its loss is not registered yet. Failures are left to
 * the resolution step, which names the fixture and the reason (missing module, changed hash, unknown loss).
 *
 * @param files - claim-fixture files about to be replayed
 * @param cwd - working directory
 */
export async function preloadFixtureLosses(files: readonly string[], cwd: string): Promise<void> {
  for (const file of files) {
    let inst: unknown;
    try {
      inst = (JSON.parse(readInputText(file, 'fixture')) as Record<string, unknown>)['instance'];
    } catch {
      continue;
    }
    if (typeof inst !== 'object' || inst === null) continue;
    const o = inst as Record<string, unknown>;
    const p = o['problem'];
    const lossId = typeof p === 'object' && p !== null ? (p as Record<string, unknown>)['loss'] : undefined;
    const src = parsePluginSource(o['lossModule']);
    if (typeof lossId !== 'string' || src === undefined) continue;
    try {
      await ensureLoss(lossId, src, undefined, cwd, 'fixture.instance.problem.loss');
    } catch {
      /* reported when the fixture is resolved */
    }
  }
}
