/**
 * The process-wide runtime set-up (src/claim/runtime.ts): the compiled JS→wasm wrapper switch is set only on the V8
 * it was measured on, honours its opt-out and changes no arithmetic (the same kernels give the same bits in a process
 * with the switch and in one without); the thread count is read from UFMCHECK_THREADS, else the cores; the product
 * kernels fuse their multiply-adds unless UFMCHECK_WASM_FMA=off (src/linalg/wasmFma.ts), which changes their bits.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compiledWrappersApply, configureRuntime, threadsFromEnv } from '../../../src/claim/index.ts';

/** Runs the kernels in a fresh process after configureRuntime and prints a digest of their output bits. */
const SCRIPT = `
import { configureRuntime } from './src/claim/index.ts';
import { createRng } from './src/core/index.ts';
import { createWasmGemm } from './src/linalg/wasmGemm.ts';
import { createWasmVec } from './src/linalg/wasmVec.ts';
const settings = configureRuntime();
const w = createWasmGemm(4096);
const F = new Float64Array(w.memory.buffer, 0, 4096);
createRng(7).fillNormal(F.subarray(0, 3000));
const out = [];
for (let r = 0; r < 1500; r++) {
  w.nn(5, 7, 9, 0.5, 0, 9, 1, 8 * 1000, 7, r % 2, 8 * 2000, 7, 8 * 2000, 7);
  w.nt(5, 6, 9, 1, 0, 9, 8 * 1000, 9, 0.25, 8 * 3000, 6);
}
out.push(...F.subarray(2000, 2035), ...F.subarray(3000, 3030), w.sumsq(0, 3000));
const v = createWasmVec(4096);
const G = new Float64Array(v.memory.buffer, 0, 4096);
createRng(8).fillNormal(G.subarray(0, 2000));
for (let r = 0; r < 1500; r++) v.axpy(0, 8 * 1000, 1e-3, 1000);
out.push(v.dot(0, 8 * 1000, 1000), v.sumsq(0, 1000));
const bits = new BigUint64Array(Float64Array.from(out).buffer);
let h = 1469598103934665603n;
for (const b of bits) h = BigInt.asUintN(64, (h ^ b) * 1099511628211n);
console.log(JSON.stringify({ switched: settings.compiledWasmWrappers, fma: settings.fusedMultiplyAdd, digest: h.toString(16), n: out.length }));
`;

interface KernelRun {
  switched: boolean;
  fma: boolean;
  digest: string;
  n: number;
}

function runKernels(env: NodeJS.ProcessEnv): KernelRun {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as KernelRun;
}

describe('runtime set-up', () => {
  it('should apply the wrapper switch to V8 11 only, where the generic wrapper was measured', () => {
    expect(compiledWrappersApply('11.3.244.8-node.38')).toBe(true);
    expect(compiledWrappersApply('10.2.154.26-node.26')).toBe(false);
    expect(compiledWrappersApply('12.4.254.21-node.33')).toBe(false);
    expect(compiledWrappersApply('')).toBe(false);
  });

  it('should read the thread count from UFMCHECK_THREADS, else the cores (at most 4)', () => {
    expect(threadsFromEnv('1', 8)).toBe(1);
    expect(threadsFromEnv('3', 2)).toBe(3);
    expect(threadsFromEnv(undefined, 2)).toBe(2);
    expect(threadsFromEnv(undefined, 16)).toBe(4);
    expect(threadsFromEnv('zero', 2)).toBe(2);
    expect(threadsFromEnv('0', 2)).toBe(2);
    expect(threadsFromEnv('', 1)).toBe(1);
  });

  it('should configure once per process', () => {
    const first = configureRuntime({ UFMCHECK_THREADS: '1' });
    expect(configureRuntime({ UFMCHECK_THREADS: '3' })).toBe(first);
  });

  it('should leave the kernels’ results bit-identical, and honour UFMCHECK_WASM_WRAPPERS=generic', () => {
    // Arrange / Act: 1 500 calls per export, past V8's generic-wrapper budget of 1 000, in both processes
    const compiled = runKernels({ UFMCHECK_WASM_WRAPPERS: '' });
    const generic = runKernels({ UFMCHECK_WASM_WRAPPERS: 'generic' });
    // Assert
    expect(generic.switched).toBe(false);
    expect(compiled.switched).toBe(compiledWrappersApply(process.versions.v8));
    expect(compiled.n).toBe(68);
    expect(compiled.digest).toBe(generic.digest);
  }, 90_000);

  it('should fuse the product kernels’ multiply-adds by default and honour UFMCHECK_WASM_FMA=off', () => {
    // Arrange / Act
    const fused = runKernels({ UFMCHECK_WASM_FMA: '' });
    const plain = runKernels({ UFMCHECK_WASM_FMA: 'off' });
    // Assert: this machine and CI have FMA3 (tests/unit/linalg/wasmFma.test.ts); one rounding less per term
    // changes the products' last bits, so the digests differ (the vector kernels and sumsq are the same in both).
    expect(fused.fma).toBe(true);
    expect(plain.fma).toBe(false);
    expect(fused.digest).not.toBe(plain.digest);
  }, 90_000);
});
