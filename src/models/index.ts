/**
 * Models as objectives over one flat parameter vector (STYLE.md §2.3): the Objective/LinOp contract, the UFM
 * problem description, the plain UFM (W, H, b) with its layout, the exact class-mean reduction, and seeded
 * initialisation.
 */
export type { Objective, LinOp } from './objective.ts';
export type { UfmProblem } from './problem.ts';
export type { BiasMode } from './biasMode.ts';
export { biasModeOf } from './biasMode.ts';
export type { ModelPoint, UfmModelPoint } from './point.ts';
export { parseUfmProblem, labelsOf, sampleCount, balancedN, problemToJson } from './problem.ts';
export type { UfmLayout, UfmParts } from './ufmLayout.ts';
export { ufmLayout, ufmLayoutOf } from './ufmLayout.ts';
export type { UfmObjective, UfmObjectiveOptions } from './ufm.ts';
export { ufmObjective, defaultBlockCols } from './ufm.ts';
export type { UfmEngine } from './ufmHeap.ts';
export type { CollapsedUfmObjective } from './ufmCollapsed.ts';
export { collapsedUfmObjective, expandCollapsed, collapse } from './ufmCollapsed.ts';
export { randomInit } from './init.ts';
export type { MemoryUse } from './memory.ts';
export { checkMemory, formatBytes, SIZE_LIMITS, ufmMemoryEstimate } from './memory.ts';
export { scaledObjective } from './scaled.ts';
export type { ScaledObjective } from './scaled.ts';
export * from './extended.ts';
export { reluExtendedObjective, reluKinks } from './reluExtended.ts';
export type { ReluKinks } from './reluExtended.ts';
export * from './fixedFeatures.ts';
export * from './ulpm.ts';
