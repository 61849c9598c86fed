export { solveUfm, scaledCollapsed, UFM_SOLVERS } from './solve.ts';
export type { UfmSolverId, SolveUfmOptions, UfmSolution } from './solve.ts';
export { certifiedMinimizer, isCertified, kktTest, lossGradSpectral, pointNorms } from './certified.ts';
export type { CertifiedPoint, CertifyOptions, KktTest } from './certified.ts';
export { restrictedCurvature, symmetryBasis } from './curvature.ts';
export type { RestrictedCurvature } from './curvature.ts';
export {
  distanceBound,
  gradientRoundingBound,
  gramTolerance,
  hessianLipschitzBound,
  kantorovich,
  pointValueTolerance,
  productTolerance,
  valueTolerance,
} from './tolerance.ts';
export type { KantorovichCheck, PointNorms } from './tolerance.ts';
export { partsOf, gramVerdict, dualityVerdict, biasVerdict, valueVerdict, frobenius } from './compare.ts';
export type { PointParts } from './compare.ts';
export { certifyUfmPoint, ufmSymmetryTangents } from './secondOrder.ts';
export { pointReport } from './report.ts';
export { secondOrderStart, secondOrderStarts } from './multistart.ts';
export type { SecondOrderStart } from './multistart.ts';
export type { PointReport } from './report.ts';
