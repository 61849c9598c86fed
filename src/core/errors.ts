/**
 * A user error: bad flag, malformed fixture or point file, invalid problem.
 * `field` names the offending input (e.g. `K`, `lambdaW`, `W[2]`); the CLI prints
 * `error: <field>: <message>` and exits with 64 (EX_USAGE) without writing anything.
 */
export class UsageError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'UsageError';
    this.field = field;
  }
}

/** Throws a UsageError unless `cond` holds. */
export function require_(cond: boolean, field: string, message: string): asserts cond {
  if (!cond) throw new UsageError(field, message);
}
