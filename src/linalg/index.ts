export * from './vec.ts';
export * from './gemm.ts';
export * from './decomp.ts';
