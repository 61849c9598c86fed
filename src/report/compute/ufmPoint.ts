/**
 * Plain-UFM points as the report draws them: split θ into (W, H̄, b), the measured Grams W Wᵀ and H̄ᵀH̄, and the
 * theory's predicted Grams where a closed form applies (CE: Zhu et al. 2021, Thm 3.1, THEORY.md §1.1; MSE: Tirer &
 * Bruna 2022, Thm 3.1/3.2, THEORY.md §2.1–2.3). Pure functions; every solve is seeded by its caller.
 */
import { matOf, transpose, type Mat } from '../../core/index.ts';
import { classMeans, gramRows } from '../../geometry/index.ts';
import { balancedN, parseUfmProblem, ufmLayout, type UfmProblem } from '../../models/index.ts';
import {
  predictCeGlobalMin,
  predictMseBiasFree,
  predictMseFreeBias,
  predictMseRegularizedBias,
} from '../../theory/index.ts';

/** A UFM point split into its parts (W is K×d, Hbar is d×K, b has K entries or is undefined). */
export interface SplitUfmPoint {
  readonly W: Mat;
  readonly H: Mat;
  readonly Hbar: Mat;
  readonly b: Float64Array | undefined;
}

/** Splits a full θ of `problem` (layout of src/models/ufmLayout.ts). */
export function splitPoint(problem: UfmProblem, theta: Float64Array): SplitUfmPoint {
  const L = ufmLayout(problem);
  const W = matOf(L.K, L.d, theta.slice(L.offW, L.offW + L.K * L.d));
  const H = matOf(L.d, L.N, theta.slice(L.offH, L.offH + L.d * L.N));
  return { W, H, Hbar: classMeans(H, problem.counts), b: L.hasBias ? theta.slice(L.offB, L.offB + L.K) : undefined };
}

/** The two Grams the papers' figures compare: W Wᵀ and H̄ᵀH̄ (both K×K). */
export interface GramPair {
  readonly gramW: Mat;
  readonly gramHbar: Mat;
}

/** Measured Grams of a point. */
export function measuredGrams(problem: UfmProblem, theta: Float64Array): GramPair {
  const p = splitPoint(problem, theta);
  return { gramW: gramRows(p.W), gramHbar: gramRows(transpose(p.Hbar)) };
}

/** A theory prediction with its source. */
export interface GramPrediction extends GramPair {
  readonly fStar: number;
  readonly cite: string;
}

/**
 * The closed-form global minimiser's Grams, or undefined when no theorem of the catalogue covers the instance
 * (imbalanced, a plug-in loss, or d below the theorem's hypothesis).
 */
export function predictedGrams(problem: UfmProblem): GramPrediction | undefined {
  const n = balancedN(problem);
  if (n === undefined) return undefined;
  const { K, d, lambdaW, lambdaH, lambdaB, bias } = problem;
  try {
    if (problem.loss === 'ce') {
      const p = predictCeGlobalMin({ K, n, lambdaW, lambdaH, lambdaB, bias, d });
      return { gramW: p.gramW, gramHbar: p.gramHbar, fStar: p.fStar, cite: p.cite };
    }
    if (problem.loss === 'mse') {
      const inst = { K, n, lambdaW, lambdaH, d };
      const p = !bias
        ? predictMseBiasFree(inst)
        : lambdaB === 0
          ? predictMseFreeBias(inst)
          : predictMseRegularizedBias({ ...inst, lambdaB });
      return { gramW: p.gramW, gramHbar: p.gramHbar, fStar: p.fStar, cite: p.cite };
    }
  } catch {
    // Outside the theorem's hypothesis (RangeError naming d, K, …): no prediction to draw.
    return undefined;
  }
  return undefined;
}

/** Reads a plain-UFM problem from a stored instance's `problem` field (models' own parser), or undefined when it is not one. */
export function ufmProblemOf(instance: unknown): UfmProblem | undefined {
  if (typeof instance !== 'object' || instance === null) return undefined;
  const p = (instance as Record<string, unknown>)['problem'];
  if (typeof p !== 'object' || p === null || typeof (p as Record<string, unknown>)['loss'] !== 'string')
    return undefined;
  try {
    return parseUfmProblem(p);
  } catch {
    return undefined;
  }
}
