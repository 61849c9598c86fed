/**
 * Point files (issue 2 item 8): `{"problem": {loss, K, d, n | counts, lambdaW, lambdaH, lambdaB, bias},
 * "W": [[K rows of d]], "H": [[d rows of N]], "b": [K]}` with H's columns class-major (THEORY.md §0), or the collapsed
 * form with `"Hbar": [[d rows of K]]` (class means; H = H̄ ⊗ 1ᵀ, every critical point's shape for λ_H > 0 and a
 * convex loss) instead of `H` — what `solve` saves at the papers' sizes.
 * Reading validates every field and names the first bad one (`W[2]`, `H[0][5]`, `problem.K`, …); writing is atomic.
 */
import { UsageError, describeValue, parseMatrix, toRows } from '../core/index.ts';
import type { Mat } from '../core/index.ts';
import { parseUfmProblem, problemToJson, sampleCount, ufmLayout } from '../models/index.ts';
import type { UfmModelPoint, UfmProblem } from '../models/index.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import { parseInputJson, readInputText } from './readInput.ts';
import { pluginSourceOf } from './pluginSource.ts';

/** A plain-UFM point file as read: the 'ufm' case of the models' one point shape (src/models/point.ts). */
export type PointFile = UfmModelPoint;

/** Largest d·N a collapsed point file (`Hbar` + counts) is expanded to (2^27 features, 1 GiB of doubles). */
export const MAX_EXPANDED = 2 ** 27;

/** H = H̄ ⊗ 1ᵀ: column j of class k is h̄_k (class-major columns). */
function expandHbar(Hbar: Mat, counts: readonly number[], N: number): Mat {
  const d = Hbar.rows,
    K = Hbar.cols;
  const data = new Float64Array(d * N);
  for (let r = 0; r < d; r++) {
    let j = 0;
    for (let k = 0; k < K; k++) {
      const x = Hbar.data[r * K + k] as number;
      const c = counts[k] as number;
      data.fill(x, r * N + j, r * N + j + c);
      j += c;
    }
  }
  return { rows: d, cols: N, data };
}

/** The JSON object of a collapsed point (issue 12 item 4): W (K×d), Hbar (d×K class means), b, and the problem's counts. */
export function collapsedPointJson(
  problem: UfmProblem,
  W: Mat,
  Hbar: Mat,
  b: Float64Array | undefined,
): Record<string, unknown> {
  return { problem: problemToJson(problem), W: toRows(W), Hbar: toRows(Hbar), b: b !== undefined ? Array.from(b) : [] };
}

/** Validates a parsed point-file object. @throws UsageError naming the field */
export function parsePoint(u: unknown, knownLoss: (id: string) => boolean): PointFile {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) throw new UsageError('point', 'must be a JSON object');
  const o = u as Record<string, unknown>;
  const problem = parseUfmProblem(o['problem'], 'problem');
  if (!knownLoss(problem.loss)) throw new UsageError('problem.loss', `unknown loss '${problem.loss}'`);
  const N = sampleCount(problem);
  const W = parseMatrix(o['W'], 'W', problem.K, problem.d);
  // Collapsed form (issue 12 item 4): `Hbar` (d×K class means) instead of `H`; H = H̄ ⊗ 1ᵀ is expanded here, so its
  // size is checked first (a small file must not make the reader allocate a d×N matrix beyond MAX_EXPANDED).
  const collapsed = o['H'] === undefined && o['Hbar'] !== undefined;
  if (collapsed && problem.d * N > MAX_EXPANDED)
    throw new UsageError(
      'Hbar',
      `expanding the collapsed point needs d·N = ${problem.d * N} features, more than ${MAX_EXPANDED}; metrics and certify read collapsed points up to that size`,
    );
  const H = collapsed
    ? expandHbar(parseMatrix(o['Hbar'], 'Hbar', problem.d, problem.K), problem.counts, N)
    : parseMatrix(o['H'], 'H', problem.d, N);
  const L = ufmLayout(problem);
  const theta = new Float64Array(L.dim);
  theta.set(W.data, L.offW);
  theta.set(H.data, L.offH);
  if (problem.bias) {
    const b = o['b'];
    if (!Array.isArray(b) || b.length !== problem.K)
      throw new UsageError('b', `must be an array of K = ${problem.K} numbers (the problem has a bias)`);
    b.forEach((x: unknown, k: number) => {
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw new UsageError(`b[${k}]`, `must be a finite number; got ${describeValue(x)}`);
      theta[L.offB + k] = x;
    });
  } else if (o['b'] !== undefined && (!Array.isArray(o['b']) || (o['b'] as unknown[]).some((x) => x !== 0))) {
    throw new UsageError('b', 'must be absent or all zeros when problem.bias is false');
  }
  return { model: 'ufm', problem, theta };
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
  return {
    problem: problemToJson(problem),
    ...(src !== undefined ? { lossModule: { path: src.path, sha256: src.sha256 } } : {}),
    W: toRows(W),
    H: toRows(H),
    b: L.hasBias ? Array.from(theta.subarray(L.offB, L.offB + L.K)) : [],
  };
}

/** Writes a point file atomically. */
export function writePoint(file: string, problem: UfmProblem, theta: Float64Array): void {
  writeFileAtomic(file, `${JSON.stringify(pointJson(problem, theta))}\n`);
}
