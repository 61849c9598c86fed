/**
 * The plain UFM as a {@link CertifiedModel} (Zhu et al. 2021, Thm 3.1–3.2; THEORY.md §0–§1): solve = solveUfm
 * (collapsed L-BFGS then Newton polish, re-certified on the full objective), certify = the second-order certificate
 * modulo the O(d) rotations (and the bias shift of a shift-invariant loss), reduction = the exact n = 1 equivalent
 * (collapsedProblem.ts, Sylvester's law of inertia carries the kind over). Point files keep the historical format
 * `{problem, [lossModule], W, H, b}` without a `model` field (src/claim/point.ts).
 */
import { parsePoint, pointJson, UsageError } from '../../claim/index.ts';
import { listLosses, lossById } from '../../losses/index.ts';
import type { LogitLoss } from '../../losses/index.ts';
import { parseUfmProblem, problemToJson, SIZE_LIMITS, ufmLayout } from '../../models/index.ts';
import type { UfmProblem } from '../../models/index.ts';
import { flagCounts, flagInt, flagNonNegative, flagPositive, flagText } from '../flags.ts';
import type { FlagValues } from '../flags.ts';
import type { CertifiedModel, ModelPoint } from '../model.ts';
import { collapsedEquivalent } from './collapsedProblem.ts';
import type { CollapsedEquivalent } from './collapsedProblem.ts';
import { certifyUfmPoint, ufmSymmetryTangents } from './secondOrder.ts';
import { solveUfm } from './solve.ts';

/** The flags `solve` honours for the plain UFM (issue 12: every other flag is rejected). */
const FLAGS = {
  loss: 'string',
  K: 'string',
  d: 'string',
  n: 'string',
  counts: 'string',
  'lambda-w': 'string',
  'lambda-h': 'string',
  'lambda-b': 'string',
  'no-bias': 'boolean',
  solver: 'string',
  step: 'string',
  tol: 'string',
  'max-iter': 'string',
  seed: 'string',
  json: 'boolean',
  save: 'string',
  certify: 'boolean',
  trace: 'string',
} as const;

/**
 * Builds and validates a plain-UFM problem from `solve` flags; the loss must be registered (built-in, catalogue
 * family member, or a plug-in loaded before). Each bad value is a UsageError naming its flag.
 */
export function ufmProblemFromFlags(v: FlagValues): { problem: UfmProblem; loss: LogitLoss } {
  const lossId = flagText(v, 'loss') ?? 'ce';
  // Registered ids, and catalogue family members such as ls(0.1) built on first use (src/losses/index.ts).
  try {
    lossById(lossId);
  } catch {
    throw new UsageError(
      '--loss',
      `unknown loss '${lossId}' (known: ${listLosses().join(', ')}, or a family such as ls(0.1), focal(2), tce(2), la(τ,π…), wce(w…), rmse(k,M))`,
    );
  }
  const K = flagInt(flagText(v, 'K'), '--K', 2, SIZE_LIMITS.K);
  if (K === undefined) throw new UsageError('--K', 'is required (number of classes, ≥ 2)');
  const d = flagInt(flagText(v, 'd'), '--d', 1, SIZE_LIMITS.d);
  if (d === undefined) throw new UsageError('--d', 'is required (feature dimension, ≥ 1)');
  let counts: number[];
  if (v['counts'] !== undefined) {
    if (v['n'] !== undefined) throw new UsageError('--counts', 'give either --n or --counts, not both');
    counts = flagCounts(flagText(v, 'counts'), K) as number[];
  } else {
    const n = flagInt(flagText(v, 'n'), '--n', 1, SIZE_LIMITS.n);
    if (n === undefined) throw new UsageError('--n', 'is required (samples per class), or give --counts');
    counts = new Array<number>(K).fill(n);
  }
  const problem = parseUfmProblem({
    loss: lossId,
    K,
    d,
    counts,
    lambdaW: flagNonNegative(flagText(v, 'lambda-w'), '--lambda-w', 5e-4),
    lambdaH: flagNonNegative(flagText(v, 'lambda-h'), '--lambda-h', 5e-4),
    lambdaB: flagNonNegative(flagText(v, 'lambda-b'), '--lambda-b', 0),
    bias: v['no-bias'] !== true,
  });
  return { problem, loss: lossById(lossId) };
}

/** True when the loss id resolves (built-in, family member, or a plug-in already loaded). */
function knownLoss(id: string): boolean {
  try {
    lossById(id);
    return true;
  } catch {
    return false;
  }
}

export const ufmModel: CertifiedModel<UfmProblem, CollapsedEquivalent> = {
  id: 'ufm',
  summary: 'the plain UFM: loss on WH + b1ᵀ with weight decay (THEORY.md §0)',
  flags: FLAGS,
  claimPrefixes: ['ce.', 'mse.', 'ufm.', 'saddle.'],
  fromFlags(v) {
    const { problem } = ufmProblemFromFlags(v);
    const maxIter = flagInt(flagText(v, 'max-iter'), '--max-iter', 1, 1e9);
    return {
      problem,
      options: {
        tol: flagPositive(flagText(v, 'tol'), '--tol', 1e-10),
        step: flagPositive(flagText(v, 'step'), '--step', 0.1),
        maxIter,
      },
    };
  },
  parseProblem: parseUfmProblem,
  problemToJson,
  solve(p, o) {
    const sol = solveUfm(p, {
      seed: o.seed,
      tol: o.tol ?? 1e-10,
      ...(o.step !== undefined ? { step: o.step } : {}),
      ...(o.maxIter !== undefined ? { maxIter: o.maxIter } : {}),
    });
    const r = sol.result;
    return {
      point: { model: 'ufm', problem: p, theta: r.theta },
      status: r.status,
      exit: r.status === 'converged' ? 0 : 2,
      summary: {
        model: 'ufm',
        status: r.status,
        value: r.value,
        gradNorm: r.gradNorm,
        iterations: r.iterations,
        solver: r.solver,
      },
    };
  },
  certify(point, o) {
    const c = certifyUfmPoint(point.problem, lossById(point.problem.loss), point.theta, o.seed, o.gradTol);
    return {
      kind: c.kind,
      certified: c.kind !== 'inconclusive',
      why: c.why,
      evidence: {
        gradNorm: c.gradNorm,
        lambdaMin: c.lambdaMin,
        residual: c.residual,
        value: c.value,
        lambdaMax: c.lambdaMax,
        tolerance: c.tolerance,
        ...(c.restricted ? { restricted: c.restricted } : {}),
      },
    };
  },
  symmetries(point) {
    const { problem, theta } = point;
    return {
      space: 'point',
      basis: ufmSymmetryTangents(problem, lossById(problem.loss), ufmLayout(problem), theta),
      what: 'O(d) rotations (W Aᵀ, A H), and the bias shift of a shift-invariant loss with free bias (THEORY.md §1.1)',
    };
  },
  reduction(p) {
    const eq = collapsedEquivalent(p, lossById(p.loss));
    return eq === undefined
      ? undefined
      : { what: `the n = 1 problem with λ_W, λ_H × √n (exact collapse, s = n^{1/4}; THEORY.md §1.1)`, reduced: eq };
  },
  pointToJson(point: ModelPoint<UfmProblem>) {
    return pointJson(point.problem, point.theta);
  },
  parsePoint(u) {
    const { problem, theta } = parsePoint(u, knownLoss);
    return { model: 'ufm', problem, theta };
  },
};
