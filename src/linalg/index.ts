export * from './vec.ts';
export * from './gemm.ts';
export * from './decomp.ts';
export * from './lanczos.ts';
export { symEigInto, symEig as symEigPacked } from './denseEig.ts';
export type { SymEigResult as PackedSymEigResult } from './denseEig.ts';
export * from './restricted.ts';
export { createWasmGemm, wasmGemmModule, type WasmGemm } from './wasmGemm.ts';
export { gemmKernels, type GemmEngine, type GemmFn, type GemmKernels } from './gemmAuto.ts';
