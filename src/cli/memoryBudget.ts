/**
 * The memory a command may plan to use (issue 12 item 2): UFMCHECK_MAX_MEMORY (bytes, or with a K/M/G/T suffix in
 * binary units) when set, else 80 % of the machine's memory. Commands compare it with the models' estimate
 * (src/models/memory.ts) before allocating anything sized by the problem.
 */
import { totalmem } from 'node:os';
import { UsageError } from '../claim/index.ts';

/** The variable that overrides the budget. */
export const MEMORY_ENV = 'UFMCHECK_MAX_MEMORY';

/**
 * The budget in bytes.
 *
 * @throws {UsageError} naming UFMCHECK_MAX_MEMORY when it is not a positive size
 * @example
 * memoryBudget({ UFMCHECK_MAX_MEMORY: '2G' }); // => 2147483648
 */
export function memoryBudget(env: Readonly<Record<string, string | undefined>>): number {
  const s = env[MEMORY_ENV];
  if (s === undefined || s === '') return 0.8 * totalmem();
  const m = /^(\d+(?:\.\d+)?)([KMGT]i?B?)?$/i.exec(s.trim());
  const scale: Record<string, number> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };
  const x =
    m === null
      ? Number.NaN
      : Number(m[1]) * (m[2] === undefined ? 1 : (scale[m[2].charAt(0).toUpperCase()] ?? Number.NaN));
  if (!(x > 0) || !Number.isFinite(x))
    throw new UsageError(MEMORY_ENV, `must be a positive size such as 4G or 500M; got '${s.slice(0, 40)}'`);
  return x;
}
