/**
 * Closed-form predictions of the UFM literature (THEORY.md §1, §2, §6). Every prediction is a pure function of the
 * instance and carries a `cite` string. The lead adds the §2.4–2.6 and §3 files (tirerBrunaExtended.ts,
 * fixedFeatures.ts, ji2022.ts) here.
 */
export type { CeInstance, CeBiasPrediction, CeGlobalMinPrediction, UfmPoint } from './zhu2021.ts';
export {
  ZHU2021_THM31_CITE,
  ZHU2021_THM32_CITE,
  gammaOf,
  kappaOf,
  ceCollapseFamilyValue,
  predictCeGlobalMin,
  realizeCeGlobalMin,
  kktBound,
  isKktGlobal,
  escapeCurvature,
  balancedEscapeCurvature,
} from './zhu2021.ts';
export type {
  MseInstance,
  MseRegBiasInstance,
  MseScalars,
  MseBiasFreePrediction,
  MseFreeBiasPrediction,
  MseRegBiasPrediction,
} from './tirerBruna2022.ts';
export {
  TIRER_BRUNA_THM31_CITE,
  TIRER_BRUNA_THM32_CITE,
  MSE_REG_BIAS_CITE,
  msePhi,
  predictMseBiasFree,
  predictMseFreeBias,
  predictMseRegularizedBias,
  realizeMseBiasFree,
  realizeMseFreeBias,
  realizeMseRegularizedBias,
} from './tirerBruna2022.ts';
export type { OriginInstance, PartialFrameConstants, PartialFramePoint } from './saddles.ts';
export {
  ORIGIN_CITE,
  PARTIAL_FRAME_CITE,
  PARTIAL_FRAME_BIAS_CITE,
  originBias,
  originValue,
  originGradNorm,
  originLambdaMinWH,
  originLambdaMin,
  partialFrameValue,
  partialOrthogonalFrame,
  partialOrthogonalFrameFreeBias,
} from './saddles.ts';
// §2.4–2.5 extended linear / ReLU UFM, §2.6 fixed noisy features, §3 ULPM (Ji et al. 2022).
export * from './tirerBrunaExtended.ts';
export * from './fixedFeatures.ts';
export * from './ji2022.ts';
export * from './constructed.ts';
// §10 any loss on the logits: the symmetric reduction (Zhou et al. 2022; Guo et al. 2024).
export * from './lossReduction.ts';
