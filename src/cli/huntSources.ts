/**
 * Where the CLI finds conjectures: the registry (properties/conjectures/index.ts) and, with `--conjecture FILE`, a
 * user module. A {@link ConjectureSource} is plain data, so a hunt worker thread can find the same conjecture
 * again; hunt fixtures record the module (relative to the cwd of the hunt) so `ufmcheck replay` can load it too.
 */
import { resolve } from 'node:path';
import {
  conjectureRegistryProblems,
  displayPath,
  workerEntry,
  loadConjectureModule,
  UsageError,
  usageDetail,
  type Conjecture,
  type Json,
} from '../claim/index.ts';
import { resolveHuntFixture, readHuntFixture, type HuntFixture } from '../hunt/index.ts';

import type { ConjectureSource } from '../hunt/index.ts';
export type { ConjectureSource };

/** The hunt worker thread's entry (src/hunt/pool.ts starts it; it loads the registry, which lives above the engine). */
export const HUNT_WORKER_ENTRY = workerEntry(import.meta.url, 'huntWorker');

/**
 * The registry's conjectures, checked for soundness.
 *
 * @throws {Error} when the registry is unsound (a bug: duplicate ids, malformed members)
 */
export async function loadRegistryConjectures(): Promise<readonly Conjecture[]> {
  const { conjectures } = await import('../../properties/conjectures/index.ts');
  const problems = conjectureRegistryProblems(conjectures);
  if (problems.length > 0) throw new Error(`unsound conjecture registry:\n  ${problems.join('\n  ')}`);
  return conjectures;
}

/** The conjectures a hunt can see, and where each came from. */
export interface ConjectureCatalog {
  readonly all: readonly Conjecture[];
  /** Source of each id. */
  sourceOf(id: string): ConjectureSource;
  /** The module as shown to the user (relative to cwd), when `--conjecture` was given. */
  readonly moduleDisplay?: string;
  /** The module's conjectures (empty without `--conjecture`). */
  readonly fromModule: readonly Conjecture[];
}

/**
 * The registry plus the conjectures of `--conjecture FILE`.
 *
 * @param moduleFlag - the flag's value (relative to cwd), or undefined
 * @param cwd - working directory
 * @throws {UsageError} `--conjecture` for a missing/malformed module or an id that is already registered
 */
export async function loadCatalog(moduleFlag: string | undefined, cwd: string): Promise<ConjectureCatalog> {
  const registry = await loadRegistryConjectures();
  if (moduleFlag === undefined) return { all: registry, fromModule: [], sourceOf: () => ({ kind: 'registry' }) };
  if (moduleFlag === '') throw new UsageError('--conjecture', 'must not be empty');
  const file = resolve(cwd, moduleFlag);
  const moduleDisplay = displayPath(cwd, file);
  const fromModule = await loadConjectureModule(file, moduleDisplay, '--conjecture');
  for (const c of fromModule) {
    if (registry.some((r) => r.id === c.id))
      throw new UsageError(
        '--conjecture',
        `${moduleDisplay}: id '${c.id}' is already a registered conjecture; choose another id`,
      );
  }
  const ids = new Set(fromModule.map((c) => c.id));
  return {
    all: [...registry, ...fromModule],
    fromModule,
    moduleDisplay,
    sourceOf: (id) => (ids.has(id) ? { kind: 'module', file } : { kind: 'registry' }),
  };
}

/**
 * Finds a conjecture by id from a source (what a worker thread does).
 *
 * @throws {Error} when it is not there (the main thread found it, so this is a bug)
 */
export async function conjectureFrom(source: ConjectureSource, id: string): Promise<Conjecture> {
  const list =
    source.kind === 'registry'
      ? await loadRegistryConjectures()
      : await loadConjectureModule(source.file, source.file, '--conjecture', { probe: false }); // the main thread probed it
  const c = list.find((x) => x.id === id);
  if (c === undefined)
    throw new Error(`conjecture '${id}' not found in ${source.kind === 'registry' ? 'the registry' : source.file}`);
  return c;
}

/** A hunt fixture matched with its conjecture. */
export interface ResolvedHuntFixture {
  readonly file: string;
  readonly fixture: HuntFixture;
  readonly conjecture: Conjecture;
  readonly instance: Json;
}

/**
 * Reads every hunt fixture file and resolves it against the registry and the module it names (loaded once per
 * module, relative to cwd), before anything is probed.
 *
 * @throws {UsageError} from reading, loading the module or resolving, the message naming the file
 */
export async function loadHuntFixtures(files: readonly string[], cwd: string): Promise<ResolvedHuntFixture[]> {
  if (files.length === 0) return [];
  const registry = await loadRegistryConjectures();
  const modules = new Map<string, readonly Conjecture[]>();
  const out: ResolvedHuntFixture[] = [];
  for (const file of files) {
    const fixture = readHuntFixture(file);
    let pool = registry;
    if (fixture.module !== undefined) {
      const abs = resolve(cwd, fixture.module);
      let mod = modules.get(abs);
      if (mod === undefined) {
        try {
          mod = await loadConjectureModule(abs, fixture.module, 'fixture.module');
        } catch (e) {
          if (e instanceof UsageError) throw new UsageError(e.field, `${usageDetail(e)} (in ${file})`);
          throw e;
        }
        modules.set(abs, mod);
      }
      pool = [...mod, ...registry];
    }
    try {
      out.push({ file, fixture, ...resolveHuntFixture(fixture, pool) });
    } catch (e) {
      if (e instanceof UsageError) throw new UsageError(e.field, `${usageDetail(e)} (in ${file})`);
      throw e;
    }
  }
  return out;
}
