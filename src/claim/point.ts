/**
 * Point files (issue 2 item 8): `{"problem": {loss, K, d, n | counts, lambdaW, lambdaH, lambdaB, bias},
 * "W": [[K rows of d]], "H": [[d rows of N]], "b": [K]}` with H's columns class-major (THEORY.md §0).
 * Reading validates every field and names the first bad one (`W[2]`, `H[0][5]`, `problem.K`, …); writing is atomic.
 */
import { UsageError, describeValue, fromRows, toRows } from '../core/index.ts';
import type { Mat } from '../core/index.ts';
import { parseUfmProblem, problemToJson, sampleCount, ufmLayout } from '../models/index.ts';
import type { UfmProblem } from '../models/index.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import { parseInputJson, readInputText } from './readInput.ts';
import { pluginSourceOf } from './pluginSource.ts';

export interface PointFile {
  readonly problem: UfmProblem;
  /** θ in the UFM layout (models/ufmLayout.ts). */
  readonly theta: Float64Array;
}

function matrix(u: unknown, field: string, rows: number, cols: number): Mat {
  if (!Array.isArray(u) || u.length !== rows) throw new UsageError(field, `must be an array of ${rows} rows`);
  u.forEach((row: unknown, i: number) => {
    if (!Array.isArray(row) || row.length !== cols) throw new UsageError(`${field}[${i}]`, `must be an array of ${cols} numbers`);
    row.forEach((x: unknown, j: number) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new UsageError(`${field}[${i}][${j}]`, `must be a finite number; got ${describeValue(x)}`);
    });
  });
  return fromRows(u as number[][]);
}

/** Validates a parsed point-file object. @throws UsageError naming the field */
export function parsePoint(u: unknown, knownLoss: (id: string) => boolean): PointFile {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) throw new UsageError('point', 'must be a JSON object');
  const o = u as Record<string, unknown>;
  const problem = parseUfmProblem(o['problem'], 'problem');
  if (!knownLoss(problem.loss)) throw new UsageError('problem.loss', `unknown loss '${problem.loss}'`);
  const N = sampleCount(problem);
  const W = matrix(o['W'], 'W', problem.K, problem.d);
  const H = matrix(o['H'], 'H', problem.d, N);
  const L = ufmLayout(problem);
  const theta = new Float64Array(L.dim);
  theta.set(W.data, L.offW);
  theta.set(H.data, L.offH);
  if (problem.bias) {
    const b = o['b'];
    if (!Array.isArray(b) || b.length !== problem.K) throw new UsageError('b', `must be an array of K = ${problem.K} numbers (the problem has a bias)`);
    b.forEach((x: unknown, k: number) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new UsageError(`b[${k}]`, `must be a finite number; got ${describeValue(x)}`);
      theta[L.offB + k] = x;
    });
  } else if (o['b'] !== undefined && (!Array.isArray(o['b']) || (o['b'] as unknown[]).some((x) => x !== 0))) {
    throw new UsageError('b', 'must be absent or all zeros when problem.bias is false');
  }
  return { problem, theta };
}

/** Reads and validates a point file. @throws UsageError (`point` for unreadable or non-JSON files) */
export function readPoint(file: string, knownLoss: (id: string) => boolean): PointFile {
  const text = readInputText(file, '--point');
  return parsePoint(parseInputJson(text, 'point', file), knownLoss);
}

/** The JSON object of a point. */
export function pointJson(problem: UfmProblem, theta: Float64Array): Record<string, unknown> {
  const L = ufmLayout(problem);
  const W = { rows: L.K, cols: L.d, data: theta.subarray(L.offW, L.offW + L.K * L.d) };
  const H = { rows: L.d, cols: L.N, data: theta.subarray(L.offH, L.offH + L.d * L.N) };
  // A plug-in loss is recorded with its module path and content hash (issue 11 item 7): metrics and certify reload it.
  const src = pluginSourceOf(problem.loss);
  return { problem: problemToJson(problem), ...(src !== undefined ? { lossModule: { path: src.path, sha256: src.sha256 } } : {}), W: toRows(W), H: toRows(H), b: L.hasBias ? Array.from(theta.subarray(L.offB, L.offB + L.K)) : [] };
}

/** Writes a point file atomically. */
export function writePoint(file: string, problem: UfmProblem, theta: Float64Array): void {
  writeFileAtomic(file, `${JSON.stringify(pointJson(problem, theta))}\n`);
}
