/**
 * src/certified/saddle: critical points built from the theory or solved on a symmetric subspace (THEORY.md §6) and
 * their measurements and certificates — the shared judgements (saddle.ts), closed-form points (the origin, partial
 * frames), embedded and class-merged points, and second-order certificates at global minimizers.
 */
export * from './saddle.ts';
export * from './closedFormPoint.ts';
export * from './constructedPoints.ts';
export * from './classMerging.ts';
export * from './embedded.ts';
export * from './globalMin.ts';
