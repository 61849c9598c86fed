/**
 * gemmAuto's products on both cores (src/linalg/gemmThreads.ts, wasmGemmShared.ts; the worker-thread host of
 * src/claim/runtime.ts): the column panels of a product split between threads give the same bits as one thread (each
 * entry is computed by one thread with the same arithmetic), agree with the scalar JS kernels within Higham's bound,
 * report a helper that fails instead of returning its garbage, and never keep a process alive.
 */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { gemmNN } from '../../../src/linalg/gemm.ts';
import { gemmKernels } from '../../../src/linalg/gemmAuto.ts';
import { workerHost } from '../../../src/claim/index.ts';
import { gemmThreadCount, installGemmHelpers, runPanels, splitProductCount } from '../../../src/linalg/gemmThreads.ts';
import { createSharedMemory, instantiateShared, PANEL, sharedGemmModule } from '../../../src/linalg/wasmGemmShared.ts';

/** Runs fn with `t` threads on the worker host, then back to none. */
function withThreads<T>(t: number, fn: () => T): T {
  installGemmHelpers(t, workerHost);
  try {
    return fn();
  } finally {
    installGemmHelpers(1, undefined);
  }
}

/** C ← 1.5·op(A)·op(B) + 0.5·C on the 'wasm' engine for (M, N, K), NN / TN / NT, from seeded data. */
function products(M: number, N: number, K: number): Float64Array[] {
  const g = gemmKernels('wasm');
  const A = createRng(1).fillNormal(new Float64Array(M * K));
  const B = createRng(2).fillNormal(new Float64Array(K * N));
  const C0 = createRng(3).fillNormal(new Float64Array(M * N));
  const out: Float64Array[] = [];
  for (const [f, lda, ldb] of [
    [g.nn, K, N],
    [g.tn, M, N],
    [g.nt, K, K],
  ] as const) {
    const C = C0.slice();
    f(M, N, K, 1.5, A, lda, B, ldb, 0.5, C, N);
    out.push(C);
  }
  return out;
}

afterEach(() => installGemmHelpers(1, undefined));

describe('gemm on helper threads', () => {
  it('should use one thread without a host, and the installed count with one', () => {
    installGemmHelpers(3, undefined);
    expect(gemmThreadCount()).toBe(1);
    expect(withThreads(3, gemmThreadCount)).toBe(3);
    expect(gemmThreadCount()).toBe(1);
  });

  it('should give the same bits on 1, 2 and 3 threads, within Higham’s bound of the JS kernel', () => {
    // Arrange: large enough to be split (≥ 2^21 multiply-adds), panels not dividing N, odd depth over two blocks
    const [M, N, K] = [67, 333, 301];
    // Act
    const one = withThreads(1, () => products(M, N, K));
    const split0 = splitProductCount();
    const two = withThreads(2, () => products(M, N, K));
    const split1 = splitProductCount();
    const three = withThreads(3, () => products(M, N, K));
    // the threaded runs did split (the one-thread run left a private heap behind, which must not be reused)
    expect(split1 - split0).toBe(3);
    expect(splitProductCount() - split1).toBe(3);
    // Assert
    for (let i = 0; i < one.length; i++) {
      expect(Buffer.from(two[i]!.buffer).equals(Buffer.from(one[i]!.buffer))).toBe(true);
      expect(Buffer.from(three[i]!.buffer).equals(Buffer.from(one[i]!.buffer))).toBe(true);
    }
    const A = createRng(1).fillNormal(new Float64Array(M * K));
    const B = createRng(2).fillNormal(new Float64Array(K * N));
    const ref = createRng(3).fillNormal(new Float64Array(M * N));
    const absC = ref.map(Math.abs);
    gemmNN(M, N, K, 1.5, A, K, B, N, 0.5, ref, N);
    const absAB = new Float64Array(M * N);
    gemmNN(M, N, K, 1, A.map(Math.abs), K, B.map(Math.abs), N, 0, absAB, N);
    const gamma = ((K + 2) * 2 ** -53) / (1 - (K + 2) * 2 ** -53);
    for (let e = 0; e < M * N; e++) {
      const bound = 2 * gamma * (1.5 * absAB[e]! + 0.5 * absC[e]!);
      expect(Math.abs(one[0]![e]! - ref[e]!)).toBeLessThanOrEqual(bound);
    }
  });

  it('should split a product between the threads and report how many took part', () => {
    const mod = sharedGemmModule()!;
    const [M, N, K] = [40, 4 * PANEL, 50];
    const mem = createSharedMemory(M * K + K * N + M * N)!;
    const F = new Float64Array(mem.buffer);
    createRng(4).fillNormal(F.subarray(0, M * K + K * N));
    const own = instantiateShared(mod, mem);
    const used = withThreads(2, () => runPanels(mod, own, M, N, K, 1, 0, 0, M * K, M * K + K * N, PANEL));
    expect(used).toBe(2);
  });

  it('should report a helper that fails, switch threading off, and let gemmAuto recompute', () => {
    // Arrange: a memory that holds the operands of the first half of the panels only, so the helper's half reads
    // past its end and traps
    const mod = sharedGemmModule()!;
    const [M, K] = [8, 2048];
    const N = 8 * PANEL;
    const fits = M * K + (N / 2) * K; // A, then B's first four panels
    const mem = createSharedMemory(fits)!;
    const own = instantiateShared(mod, mem);
    const words = mem.buffer.byteLength / 8;
    // Act / Assert: C is placed inside the memory (its first half), B's last panels lie beyond it
    const failed = withThreads(2, () => {
      const r = runPanels(mod, own, M, N, K, 1, 0, 0, M * K, words - M * N, PANEL);
      // after a failure, threading stays off: the same call runs on this thread alone (and traps itself)
      let again = -1;
      try {
        again = runPanels(mod, own, M, PANEL, K, 1, 0, 0, M * K, words - M * N, PANEL);
      } catch {
        again = -2;
      }
      return [r, again];
    });
    expect(failed[0]).toBe(0);
    expect(failed[1]).toBe(1);
    // gemmAuto after a failure still computes correct products (on a fresh heap)
    const [C] = withThreads(2, () => products(30, 200, 400));
    const [R] = withThreads(1, () => products(30, 200, 400));
    expect(Buffer.from(C!.buffer).equals(Buffer.from(R!.buffer))).toBe(true);
  });

  it('should not keep a process alive after a threaded product', () => {
    const script = `
      import { configureRuntime } from './src/claim/index.ts';
      import { gemmKernels } from './src/linalg/gemmAuto.ts';
      if (configureRuntime().threads !== 2) throw new Error('not on 2 threads');
      const n = 300, A = new Float64Array(n * n).fill(1), C = new Float64Array(n * n);
      gemmKernels('wasm').nn(n, n, n, 1, A, n, A, n, 0, C, n);
      console.log(C[0]);
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, UFMCHECK_THREADS: '2' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out.trim()).toBe('300');
  }, 40_000);
});
