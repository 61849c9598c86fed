export type { Mat } from './mat.ts';
export { zeros, matOf, fromRows, parseMatrix, toRows, transpose } from './mat.ts';
export { UsageError, OutputError, require_, describeValue, boundText, oneLine, MAX_MESSAGE } from './errors.ts';
export type { Rng } from './rng.ts';
export { createRng, mixSeed, mt19937Words } from './rng.ts';
export { checkDeadline, DeadlineError, withDeadline } from './deadline.ts';
