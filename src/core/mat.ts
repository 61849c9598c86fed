/**
 * Dense row-major matrices over Float64Array.
 *
 * Entry (i, j) of a `rows × cols` matrix lives at `data[i * cols + j]`.
 * Numeric kernels take raw `Float64Array`s with strides; `Mat` is the typed
 * wrapper used at module boundaries (THEORY.md §0 fixes the UFM shapes:
 * W K×d, H d×N class-major, Z K×N).
 */
import { describeValue, UsageError } from './errors.ts';

export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Returns a zero `rows × cols` matrix. */
export function zeros(rows: number, cols: number): Mat {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Wraps `data` (length rows·cols, row-major) as a matrix without copying. */
export function matOf(rows: number, cols: number, data: Float64Array): Mat {
  if (data.length !== rows * cols) {
    throw new RangeError(`matrix data has length ${data.length}; expected ${rows}×${cols} = ${rows * cols}`);
  }
  return { rows, cols, data };
}

/** Builds a matrix from nested rows (copies). Throws if the rows are ragged. */
export function fromRows(rows: readonly (readonly number[])[]): Mat {
  const r = rows.length;
  const c = r === 0 ? 0 : (rows[0] as readonly number[]).length;
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} entries; expected ${c}`);
    data.set(row, i * c);
  });
  return { rows: r, cols: c, data };
}

/**
 * Reads a `rows × cols` matrix from JSON (`u`: an array of rows of finite numbers), as point files store W, H, ….
 * @throws UsageError naming the first bad part: `field`, `field[i]` or `field[i][j]`
 */
export function parseMatrix(u: unknown, field: string, rows: number, cols: number): Mat {
  if (!Array.isArray(u) || u.length !== rows) throw new UsageError(field, `must be an array of ${rows} rows`);
  // Every row's shape is checked before anything is allocated: a small file that declares a huge `cols` (a point
  // file's H with n = 1e9) is a usage error naming the row, not an allocation failure.
  u.forEach((row: unknown, i: number) => {
    if (!Array.isArray(row) || row.length !== cols)
      throw new UsageError(`${field}[${i}]`, `must be an array of ${cols} numbers`);
  });
  const data = new Float64Array(rows * cols);
  u.forEach((row: unknown[], i: number) => {
    row.forEach((x: unknown, j: number) => {
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw new UsageError(`${field}[${i}][${j}]`, `must be a finite number; got ${describeValue(x)}`);
      data[i * cols + j] = x;
    });
  });
  return { rows, cols, data };
}

/** Converts a matrix to nested rows (for JSON output). */
export function toRows(m: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Returns the transpose as a new matrix. */
export function transpose(m: Mat): Mat {
  const out = zeros(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out.data[j * m.rows + i] = m.data[i * m.cols + j] as number;
  }
  return out;
}
