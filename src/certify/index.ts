/**
 * Certificates returned as data (STYLE.md §1.5, §2.3; issue 2 item 6, issue 4 items 1–2): Taylor-remainder checks
 * of gradients and Hessian-vector products, second-order certificates of points with the escape check, and the
 * dense Hessian for small cross-checks.
 */
export {
  checkGradient,
  checkHessian,
  fitSlope,
  type TaylorOptions,
  type TaylorFit,
  type GradientCheck,
  type HessianCheck,
} from './taylor.ts';
export {
  certifySecondOrder,
  escapeCheck,
  type CertificateKind,
  type SecondOrderOptions,
  type SecondOrderCertificate,
  type EscapeCheck,
  type EscapeOptions,
} from './secondOrder.ts';
export {
  denseHessian,
  denseHessianEig,
  type DenseHessian,
  type DenseHessianSpectrum,
  type DenseHessianOptions,
} from './denseHessian.ts';
export {
  lanczos,
  type LanczosOptions,
  type LanczosResult,
  type LanczosWhich,
  type SymmetricOperator,
} from '../linalg/index.ts';
export { globalLowerBound, rankCaveat, solveConvexRelaxation, realizeRelaxation } from './global.ts';
export type { GlobalLowerBound, ConvexRelaxationOptions, ConvexRelaxationResult, RankCaveat } from './global.ts';
