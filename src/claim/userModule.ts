/**
 * Loading conjectures from a user's module (`ufmcheck hunt --conjecture ./mine.ts`). The module is imported
 * dynamically (a .ts file works wherever ufmcheck runs: bin/ufmcheck.js registers tsx, vitest transforms it, and
 * hunt workers register tsx themselves) and every export is checked member by member before anything runs, so a
 * malformed module is a usage error naming what is missing.
 *
 * Accepted exports, first match wins: `conjectures` (an array of Conjecture), `conjecture` (one), `default` (one, or
 * an array).
 */
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../core/index.ts';
import { asConjecture, conjectureRegistryProblems, type Conjecture } from './conjecture.ts';
import { errorMessage } from './run.ts';
import { probeModule, pluginTimeoutMs } from './moduleProbe.ts';

/**
 * Imports a module and returns the conjectures it exports.
 *
 * @param file - absolute path of the module (.ts, .mts, .js, .mjs)
 * @param display - the path as the user typed it (for messages)
 * @param field - the flag to name in errors @defaultValue '--conjecture'
 * @returns the conjectures, in export order
 * @throws {UsageError} naming `field` when the file is missing, fails to load, exports none of the accepted names,
 *   or an export is not a Conjecture (listing every missing member), or two share an id
 * @example
 * await loadConjectureModule('/home/me/mine.ts', './mine.ts'); // => [{ id: 'me.my.conjecture', … }]
 */
export async function loadConjectureModule(
  file: string,
  display: string,
  field = '--conjecture',
  options: { readonly probe?: boolean; readonly timeoutMs?: number } = {},
): Promise<Conjecture[]> {
  // A deadline on the module (moduleProbe.ts): an infinite loop at import is a usage error, not a hang.
  if (options.probe ?? true)
    await probeModule('conjecture', file, display, field, options.timeoutMs ?? pluginTimeoutMs(process.env));
  const ns = await importModule(file, display, field);
  let found: { readonly name: string; readonly value: unknown } | undefined;
  for (const name of ['conjectures', 'conjecture', 'default']) {
    if (ns[name] !== undefined) {
      found = { name, value: ns[name] };
      break;
    }
  }
  if (found === undefined) {
    const names = Object.keys(ns);
    throw new UsageError(
      field,
      `${display} exports no conjecture: export 'conjectures' (an array), 'conjecture' or a default export (it exports ${names.length === 0 ? 'nothing' : names.map((n) => `'${n}'`).join(', ')})`,
    );
  }
  const list = Array.isArray(found.value) ? (found.value as readonly unknown[]) : [found.value];
  if (list.length === 0) throw new UsageError(field, `${display}: export '${found.name}' is an empty array`);
  const conjectures = list.map((c, i) =>
    asConjecture(c, `${display}: export '${found.name}'${Array.isArray(found.value) ? `[${i}]` : ''}`, field),
  );
  const problems = conjectureRegistryProblems(conjectures);
  if (problems.length > 0) throw new UsageError(field, `${display}: ${problems.join('; ')}`);
  return conjectures;
}

/**
 * The message of a failed import, with the place of a syntax error: esbuild's "Transform failed with 1 error:" is
 * followed by `file:line:column: ERROR: message` lines, which are what a user needs; Node's own SyntaxError (a .js
 * module) names the file and line in the first line of its stack.
 */
export function importErrorMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const lines = e.message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (/^Transform failed/.test(lines[0] ?? '')) {
    const located = lines.filter((l) => /:\d+:\d+: (ERROR|error):/.test(l));
    if (located.length > 0) return `syntax error at ${located.join('; ')}`;
  }
  if (e.name === 'SyntaxError') {
    const at = (e.stack ?? '').split('\n').find((l) => /^(file:\/\/|\/).*:\d+/.test(l.trim()));
    return `${e.name}: ${e.message.split('\n')[0] ?? ''}${at !== undefined ? ` (at ${at.trim()})` : ''}`;
  }
  return errorMessage(e);
}

/** A CommonJS-interpreted module (a .ts outside any `"type": "module"` package) arrives as `{ default: exports }`. */
function unwrapCjs(ns: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const d = ns['default'];
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return ns;
  const inner = d as Readonly<Record<string, unknown>>;
  const named = Object.keys(ns).filter((k) => k !== 'default' && k !== 'module.exports');
  const looksCjs = 'default' in inner && named.every((k) => k in inner);
  return looksCjs ? inner : ns;
}

/**
 * Imports a user module by absolute path, from anywhere on disk: TypeScript (.ts, .mts, .cts) goes through tsx's
 * `tsImport` (a loader scoped to this import, so a .ts in a directory with no package.json, or one whose package is
 * CommonJS, is transformed too — issue 11 item 6); JavaScript through Node's own `import`.
 *
 * @throws {UsageError} naming `field` when the file is missing or the import fails (a syntax error with
 *   file:line:column, a missing import, …)
 */
export async function importModule(
  file: string,
  display: string,
  field: string,
): Promise<Readonly<Record<string, unknown>>> {
  const st = statSync(file, { throwIfNoEntry: false });
  if (st === undefined || !st.isFile()) throw new UsageError(field, `'${display}': no such file`);
  const url = pathToFileURL(file).href;
  const typescript = /\.[mc]?ts$/.test(file);
  // The published package runs compiled JavaScript; tsx is an optional peer dependency, there only for .ts plug-ins.
  const tsx = typescript ? await import('tsx/esm/api').catch(() => undefined) : undefined;
  if (typescript && tsx === undefined) {
    throw new UsageError(
      field,
      `'${display}' is TypeScript, and loading it needs tsx: npm install --save-dev tsx (or compile it to .js)`,
    );
  }
  try {
    if (tsx !== undefined)
      return unwrapCjs((await tsx.tsImport(url, import.meta.url)) as Readonly<Record<string, unknown>>);
    return unwrapCjs((await import(url)) as Readonly<Record<string, unknown>>);
  } catch (e) {
    throw new UsageError(field, `cannot load '${display}': ${importErrorMessage(e)}`);
  }
}
