/**
 * Types of the stdlib module files imported by path (src/core/rng.ts): the improved-ziggurat sampler's tables and
 * tail sampler (`coordsArray(N, R)` → the N + 1 block coordinates, `ratioArray(X)` → X[i+1]/X[i], `sampleTail(randu,
 * R, negative)` → a draw from the tail beyond R), which rng.ts combines exactly as the package's
 * improved_ziggurat.js does, and stdlib's exp.
 */
declare module '@stdlib/random-base-improved-ziggurat/lib/coords_array.js' {
  const coordsArray: (n: number, rTail: number) => number[];
  export default coordsArray;
}
declare module '@stdlib/random-base-improved-ziggurat/lib/ratio_array.js' {
  const ratioArray: (x: readonly number[]) => number[];
  export default ratioArray;
}
declare module '@stdlib/random-base-improved-ziggurat/lib/sample_tail.js' {
  const sampleTail: (randu: () => number, rTail: number, isNegative: boolean) => number;
  export default sampleTail;
}
