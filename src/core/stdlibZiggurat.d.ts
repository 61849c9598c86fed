/**
 * Types of the one stdlib module file imported by path (src/core/rng.ts): the improved-ziggurat sampler's core,
 * `wrap(randu, randi)` → a standard-normal generator drawing uniforms on [0, 1) from `randu` and 32-bit words from
 * `randi` (the package's factory adds validation and accessor properties around exactly this function).
 */
declare module '@stdlib/random-base-improved-ziggurat/lib/improved_ziggurat.js' {
  const wrap: (randu: () => number, randi: () => number) => () => number;
  export default wrap;
}
