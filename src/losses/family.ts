/**
 * Parametric loss families (issue 11 item 4): a catalogue entry turns an id such as `ls(0.1)`, `focal(2)`, `tce(2)`,
 * `la(1,0.5,0.3,0.2)`, `wce(1,2,1)` or `rmse(1,5)` into a {@link LogitLoss}. Each family lives in its own small file
 * with its citation; `lossById` (index.ts) builds, caches and registers a family member on first use.
 */
import type { LogitLoss } from './loss.ts';

/** One parametric family. */
export interface LossFamily {
  /** The name before the parenthesis: 'ls'. */
  readonly name: string;
  /** Parameter syntax for messages: 'ls(ε), 0 ≤ ε < 1'. */
  readonly usage: string;
  /** Literature source. */
  readonly cite: string;
  /**
   * Builds the member for the parsed arguments.
   * @throws RangeError naming the bad parameter
   */
  build(args: readonly number[], id: string): LogitLoss;
}

/** Canonical id of a family member: numbers printed by String(), comma-separated, no spaces. */
export function familyId(name: string, args: readonly number[]): string {
  return `${name}(${args.map((a) => String(a)).join(',')})`;
}

/**
 * Splits `name(a,b,…)` into the name and finite numbers; undefined when the text is not of that form.
 * @example
 * parseFamilyId('ls(0.1)'); // => { name: 'ls', args: [0.1] }
 */
export function parseFamilyId(id: string): { name: string; args: number[] } | undefined {
  const m = /^([a-z][a-z0-9-]*)\(([^()]*)\)$/i.exec(id.trim());
  if (m === null) return undefined;
  const body = (m[2] as string).trim();
  const parts = body === '' ? [] : body.split(/[,;]/).map((s) => s.trim());
  const args = parts.map((s) => (s === '' ? Number.NaN : Number(s)));
  if (args.some((a) => !Number.isFinite(a))) return undefined;
  return { name: (m[1] as string).toLowerCase(), args };
}

/** @throws RangeError unless `args` has exactly `n` entries. */
export function arity(usage: string, args: readonly number[], n: number): void {
  if (args.length !== n)
    throw new RangeError(`${usage}: expected ${n} parameter${n === 1 ? '' : 's'}, got ${args.length}`);
}
