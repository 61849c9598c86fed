/**
 * gemmAuto's large products on one thread and on helper threads (src/linalg/gemmThreads.ts; issue 13 item 4, both
 * cores), and NumPy's on the same threads as the reference: wall time of C ← A·B at the paper-scale shapes (the
 * class-mean objective and projector at K = 1000, d′ = 1000 and d = 2048), median of 5 after a warm-up, in one run.
 * The results of 1 and t threads must be bit-identical (checked here; it throws otherwise).
 *
 *   npx tsx bench/gemmThreads.bench.ts [threads=2]
 */
import { execFileSync } from 'node:child_process';
import { workerHost } from '../src/claim/index.ts';
import { createRng } from '../src/core/index.ts';
import { gemmKernels, installGemmHelpers } from '../src/linalg/index.ts';

const threads = Number(process.argv[2] ?? 2);
const SHAPES: readonly (readonly [number, number, number])[] = [
  [1000, 1000, 1000],
  [1000, 2048, 1000],
  [100, 512, 100],
];

function medianMs(fn: () => void): number {
  fn();
  const t: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[2] as number;
}

function numpyMs(M: number, N: number, K: number, t: number): number {
  const code = `
import time, numpy as np
a = np.random.rand(${M}, ${K}); b = np.random.rand(${K}, ${N}); a @ b
ts = []
for _ in range(5):
    t0 = time.perf_counter(); a @ b; ts.append(time.perf_counter() - t0)
print(sorted(ts)[2] * 1000)`;
  const env = {
    ...process.env,
    OPENBLAS_NUM_THREADS: String(t),
    OMP_NUM_THREADS: String(t),
    MKL_NUM_THREADS: String(t),
  };
  return Number(execFileSync('python3', ['-c', code], { env, encoding: 'utf8' }).trim());
}

const rows: Record<string, unknown>[] = [];
for (const [M, N, K] of SHAPES) {
  const A = createRng(1).fillNormal(new Float64Array(M * K));
  const B = createRng(2).fillNormal(new Float64Array(K * N));
  const run = (t: number): { ms: number; C: Float64Array } => {
    installGemmHelpers(t, t > 1 ? workerHost : undefined);
    const C = new Float64Array(M * N);
    const ms = medianMs(() => gemmKernels('wasm').nn(M, N, K, 1, A, K, B, N, 0, C, N));
    return { ms, C };
  };
  const one = run(1);
  const many = run(threads);
  installGemmHelpers(1, undefined);
  if (!Buffer.from(one.C.buffer).equals(Buffer.from(many.C.buffer))) throw new Error('results differ between threads');
  let np1 = NaN,
    npT = NaN;
  try {
    np1 = numpyMs(M, N, K, 1);
    npT = numpyMs(M, N, K, threads);
  } catch {
    // NumPy missing: the thread ratio alone
  }
  rows.push({
    'M,N,K': `${M},${N},${K}`,
    'ours 1 thread ms': one.ms.toFixed(1),
    [`ours ${threads} threads ms`]: many.ms.toFixed(1),
    'thread speed-up': (one.ms / many.ms).toFixed(2),
    'numpy 1 ms': np1.toFixed(1),
    [`numpy ${threads} ms`]: npT.toFixed(1),
    [`ours/numpy at ${threads}`]: (npT / many.ms).toFixed(2),
  });
}
console.table(rows);
