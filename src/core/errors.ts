/**
 * A user error: bad flag, malformed fixture or point file, invalid problem.
 * `field` names the offending input (e.g. `K`, `lambdaW`, `W[2]`); the CLI prints
 * `error: <field>: <message>` and exits with 64 (EX_USAGE) without writing anything.
 */
export class UsageError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(oneLine(`${boundText(field, 120)}: ${message}`, MAX_MESSAGE));
    this.name = 'UsageError';
    this.field = field;
  }
}

/** Longest error line (issue 12: a 10⁶-element value must not become a 2-million-character message). */
export const MAX_MESSAGE = 400;

/** `s` on one line (newlines and tabs as spaces), cut to `max` characters with the length of what was cut. */
export function oneLine(s: string, max: number): string {
  return boundText(s.replace(/[\r\n\t]+/g, ' '), max);
}

/** `s` cut to at most `max` characters, saying how many were left out. */
export function boundText(s: string, max: number): string {
  if (s.length <= max) return s;
  const note = `… (${s.length - max} more characters)`;
  return s.slice(0, Math.max(0, max - note.length)) + note;
}

/**
 * A short description of a JSON value for an error message: numbers as written (non-finite ones named as such —
 * JSON.parse reads 1e400 as Infinity), strings quoted, arrays by length, other values as truncated JSON.
 *
 * @example
 * describeValue(JSON.parse('1e400')); // => 'Infinity (not a finite double: e.g. a number beyond ±1.8e308)'
 * describeValue(new Array(1e6).fill(0)); // => 'an array of 1000000 elements'
 */
export function describeValue(u: unknown): string {
  if (typeof u === 'number')
    return Number.isFinite(u) ? String(u) : `${u} (not a finite double: e.g. a number beyond ±1.8e308)`;
  if (Array.isArray(u)) return `an array of ${u.length} element${u.length === 1 ? '' : 's'}`;
  if (u === undefined) return 'nothing (missing)';
  if (typeof u === 'string') return boundText(JSON.stringify(u), 60);
  const text = JSON.stringify(u) as string | undefined;
  return boundText(text ?? String(u), 60);
}

/**
 * A file or directory that could not be written (full disk, read-only file system, permission, vanished
 * directory): the CLI prints `ufmcheck: error: cannot write <path>: <reason>` and exits 73 (EX_CANTCREAT), after
 * whatever results the command had already printed (issue 12 item 1).
 */
export class OutputError extends Error {
  readonly path: string;
  readonly reason: string;
  constructor(path: string, reason: string) {
    super(oneLine(`cannot write ${path}: ${reason}`, MAX_MESSAGE));
    this.name = 'OutputError';
    this.path = path;
    this.reason = reason;
  }
}

/** Throws a UsageError unless `cond` holds. */
export function require_(cond: boolean, field: string, message: string): asserts cond {
  if (!cond) throw new UsageError(field, message);
}
