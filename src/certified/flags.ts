/**
 * Flag values of a model's problem (`ufmcheck solve --model M --K 3 …`): the decimal parsers every
 * {@link CertifiedModel.fromFlags} uses (model.ts), so a model owns the flags that describe its problem without
 * importing the CLI. Each bad value is a UsageError naming its flag (exit 64, nothing written). Moved from
 * src/cli/ufmFlags.ts, which re-exports them under their old names.
 */
import { boundText, UsageError } from '../core/index.ts';
import { SIZE_LIMITS } from '../models/index.ts';

/** Parsed flag values of one command line (parseArgs' `values`): string flags, boolean switches, absent ones. */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** The string value of a flag (undefined when absent; a boolean switch never carries a value). */
export function flagText(v: FlagValues, name: string): string | undefined {
  const x = v[name];
  return typeof x === 'string' ? x : undefined;
}

/** An integer flag in [min, max] written in decimal (undefined when absent). */
export function flagInt(
  s: string | undefined,
  flag: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d{1,16}$/.test(s) || Number(s) < min || Number(s) > max)
    throw new UsageError(flag, `must be a decimal integer in [${min}, ${max}]; got '${boundText(s, 40)}'`);
  return Number(s);
}

/** An integer flag ≥ min; `dflt` when absent, else it is required. */
export function flagIntRequired(s: string | undefined, flag: string, min: number, dflt?: number): number {
  const x = flagInt(s, flag, min) ?? dflt;
  if (x === undefined) throw new UsageError(flag, 'is required');
  return x;
}

/**
 * A decimal number (`1e-3`, `0.5`, `5`), never hexadecimal, binary, octal or `Infinity` as `Number()` would accept:
 * `--lambda-w 0x10` is a usage error, not 16 (issue 12).
 */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `--counts a,b,…`: K integers ≥ 1 (undefined when absent). */
export function flagCounts(s: string | undefined, K: number): number[] | undefined {
  if (s === undefined) return undefined;
  const parts = s.split(',');
  if (parts.length !== K) throw new UsageError('--counts', `must list K = ${K} counts; got ${parts.length}`);
  return parts.map((p, i) => flagInt(p.trim(), `--counts[${i}]`, 1, SIZE_LIMITS.n) as number);
}

/** A finite number ≥ 0. */
export function flagNonNegative(s: string | undefined, flag: string, dflt: number): number {
  if (s === undefined) return dflt;
  const x = DECIMAL.test(s) ? Number(s) : Number.NaN;
  if (!DECIMAL.test(s)) throw new UsageError(flag, `must be a decimal number ≥ 0; got '${boundText(s, 40)}'`);
  if (!Number.isFinite(x))
    throw new UsageError(flag, `must be a finite number; '${boundText(s, 40)}' is beyond the double range`);
  if (x < 0) throw new UsageError(flag, `must be ≥ 0; got '${boundText(s, 40)}'`);
  return x;
}

/** A finite number > 0. */
export function flagPositive(s: string | undefined, flag: string, dflt: number): number {
  const x = flagNonNegative(s, flag, dflt);
  if (!(x > 0)) throw new UsageError(flag, `must be > 0; got '${s}'`);
  return x;
}

/**
 * The class structure of the non-UFM models' flags, in the order `solve --model` has always checked them:
 * --K (≥ 2, required), --d (≥ 1, required), --counts (K entries) or else --n (required).
 */
export function classFlags(v: FlagValues): {
  K: number;
  d: number;
  counts: number[] | undefined;
  n: number | undefined;
} {
  const K = flagIntRequired(flagText(v, 'K'), '--K', 2);
  const d = flagIntRequired(flagText(v, 'd'), '--d', 1);
  const counts = flagCounts(flagText(v, 'counts'), K);
  const n = counts ? undefined : flagIntRequired(flagText(v, 'n'), '--n', 1);
  return { K, d, counts, n };
}
