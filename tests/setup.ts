/**
 * Global fast-check configuration (fast-check's vitest.setup.mjs pattern, STYLE.md §1.1): UFMCHECK_SEED fixes
 * the seed of every property run, UFMCHECK_RUNS scales the number of runs. The seed is always set here: given by
 * the user or drawn once per test run and printed by tests/globalSetup.ts (issue 12 item 3: no CI-only failure).
 * The WebAssembly product kernels are compiled as the CLI compiles them (fused multiply-add; src/linalg/wasmFma.ts).
 */
import fc from 'fast-check';
import { enableWasmFma } from '../src/claim/runtime.ts';

// The product kernels as the CLI compiles them (src/claim/runtime.ts item 3): fused multiply-add where relaxed SIMD
// fuses, unless UFMCHECK_WASM_FMA=off. Set before any test file compiles a kernel.
enableWasmFma(process.env['UFMCHECK_WASM_FMA']);

const seedText = process.env['UFMCHECK_SEED'];
const seed = seedText === undefined || seedText === '' ? undefined : Number(seedText);
if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`UFMCHECK_SEED must be an integer; got ${seedText}`);
fc.configureGlobal({ ...(seed !== undefined ? { seed } : {}) });
