/**
 * Point-file blocks shared by the models' {@link CertifiedModel.pointToJson} / `parsePoint` (model.ts): a block of θ
 * as rows, and a rows array validated back into θ, naming the first bad field (`W1[2]`, `H1[0][5]`) as
 * src/claim/point.ts does for the plain UFM.
 */
import { describeValue, parseMatrix, UsageError } from '../core/index.ts';

/** Rows of the rows×cols block of θ at `off` (row-major). */
export function blockRows(theta: Float64Array, off: number, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from(theta.subarray(off + i * cols, off + (i + 1) * cols)));
}

/** Writes the rows array `u` (rows×cols finite numbers) into θ at `off`. @throws UsageError naming the field */
export function readBlock(
  u: unknown,
  field: string,
  rows: number,
  cols: number,
  theta: Float64Array,
  off: number,
): void {
  theta.set(parseMatrix(u, field, rows, cols).data, off);
}

/** The point object, checked to be an object whose `model` is `id`. @throws UsageError naming the field */
export function pointObject(u: unknown, id: string): Record<string, unknown> {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) throw new UsageError('point', 'must be a JSON object');
  const o = u as Record<string, unknown>;
  if (o['model'] !== id) throw new UsageError('model', `must be '${id}'; got ${describeValue(o['model'])}`);
  return o;
}

/** `n` when all counts are equal, else `counts` (the JSON form every model's problem uses). */
export function countsJson(counts: readonly number[]): { n: number } | { counts: number[] } {
  const n0 = counts[0];
  return n0 !== undefined && counts.every((c) => c === n0) ? { n: n0 } : { counts: [...counts] };
}
