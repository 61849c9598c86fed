/**
 * Strict flag parsing (node:util parseArgs) with every failure turned into a one-line {@link UsageError} that
 * names the flag, plus the value parsers shared by the commands.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../claim/index.ts';

/** The option table of one command (parseArgs' `options`). */
export type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseStrict} returns: parseArgs' typed values and the positionals (named, so declarations can emit it). */
export type Parsed<O extends OptionTable> = Pick<
  ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: boolean; tokens: true }>>,
  'values' | 'positionals'
>;

/** True when `--help`/`-h` appears before a `--` terminator. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/**
 * Parses `args` strictly: unknown flags, missing values, values given to boolean flags, unexpected positionals
 * and a non-repeatable flag given twice are all usage errors naming the flag.
 *
 * @param args - the arguments after the command name
 * @param options - the command's option table
 * @param allowPositionals - whether positionals are accepted
 * @returns parseArgs' values and positionals
 * @throws {UsageError}
 */
export function parseStrict<const O extends OptionTable>(
  args: readonly string[],
  options: O,
  allowPositionals: boolean,
): Parsed<O> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals, tokens: true });
  } catch (e) {
    throw toUsageError(e);
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue;
    const spec = options[t.name];
    if (spec !== undefined && spec.multiple !== true && seen.has(t.name)) {
      throw new UsageError(`--${t.name}`, 'given more than once');
    }
    seen.add(t.name);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Converts a parseArgs error into a one-line UsageError naming the flag. */
function toUsageError(e: unknown): UsageError {
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? 'argument';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(flag, 'unknown option');
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /argument '([^']*)'/.exec(message)?.[1] ?? '';
      return new UsageError('argument', `unexpected argument '${arg}'`);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take an argument')) return new UsageError(flag, 'takes no value');
      if (message.includes('ambiguous')) return new UsageError(flag, `value starts with '-'; write ${flag}=VALUE`);
      return new UsageError(flag, 'requires a value');
    default:
      return new UsageError('argument', message.split('\n')[0] ?? message);
  }
}

// The seed mechanism (parseSeed, SEED_ENV, resolveSeed) lives in src/claim/seed.ts: assertClaim uses it too.
export { parseSeed, resolveSeed, SEED_ENV, type SeedSource } from '../claim/index.ts';

/**
 * Parses a positive decimal integer ≤ max.
 *
 * @example
 * parsePositiveInt('100', '--runs', 1e7); // => 100
 */
export function parsePositiveInt(s: string, field: string, max: number): number {
  const x = /^\d{1,16}$/.test(s) ? Number(s) : Number.NaN;
  if (!(x >= 1 && x <= max)) throw new UsageError(field, `must be an integer in [1, ${max}]; got '${s}'`);
  return x;
}

/** A plain decimal number (no hex, no Infinity, no empty string). */
const DECIMAL = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a fraction in [0, 1].
 *
 * @example
 * parseFraction('0.2', '--max-inconclusive'); // => 0.2
 */
export function parseFraction(s: string, field: string): number {
  const x = DECIMAL.test(s) ? Number(s) : Number.NaN;
  if (!(x >= 0 && x <= 1)) throw new UsageError(field, `must be a number in [0, 1]; got '${s}'`);
  return x;
}

/**
 * Parses a positive finite number of seconds.
 *
 * @example
 * parseSeconds('2.5', '--timeout-per-run'); // => 2.5
 */
export function parseSeconds(s: string, field: string): number {
  const x = DECIMAL.test(s) ? Number(s) : Number.NaN;
  if (!(x > 0 && Number.isFinite(x))) throw new UsageError(field, `must be a positive number of seconds; got '${s}'`);
  return x;
}

/**
 * Resolves an output directory against cwd; it may not exist yet (it is created when first written), but it must
 * not be an existing non-directory.
 *
 * @throws {UsageError}
 */
export function outputDir(s: string, field: string, cwd: string): string {
  if (s === '') throw new UsageError(field, 'must not be empty');
  const dir = resolve(cwd, s);
  const st = statQuiet(dir, field, s);
  if (st !== undefined && !st.isDirectory()) throw new UsageError(field, `'${s}' exists and is not a directory`);
  return dir;
}

/**
 * Resolves an output file against cwd: its directory must exist and the path must not be a directory.
 *
 * @throws {UsageError}
 */
export function outputFile(s: string, field: string, cwd: string): string {
  if (s === '') throw new UsageError(field, 'must not be empty');
  const file = resolve(cwd, s);
  const st = statQuiet(file, field, s);
  if (st !== undefined && st.isDirectory()) throw new UsageError(field, `'${s}' is a directory`);
  const parent = statQuiet(dirname(file), field, s);
  if (parent === undefined || !parent.isDirectory()) throw new UsageError(field, `directory of '${s}' does not exist`);
  return file;
}

/**
 * stat that returns undefined for a missing path and turns any other failure — a component that is a file
 * (ENOTDIR), permission — into a usage error naming the flag, never a stack trace.
 */
function statQuiet(path: string, field: string, shown: string): ReturnType<typeof statSync> {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new UsageError(
      field,
      code === 'ENOTDIR'
        ? `'${shown}': a component of the path is not a directory`
        : `'${shown}' cannot be examined (${String(code ?? e)})`,
    );
  }
}
