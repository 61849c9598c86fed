/**
 * The extended UFM W₂W₁H₁ and its ReLU variant W₂σ(W₁H₁) as {@link CertifiedModel}s (Tirer & Bruna 2022, eqs. (23),
 * (24); THEORY.md §2.4–§2.5).
 *   solve — one seeded N(0, 0.5²) start, L-BFGS then a trust-region polish (what `solve --model extended|relu` has
 *     always run; the claims use the multistarts of solve.ts / relu.ts, since the landscape is not benign), reported
 *     against the linear model's f* (σ*, ν) of Thm 4.1.
 *   certify — linear: first order at the collapsed projection θ̄ of θ (class means of H₁; every critical point is
 *     collapsed, the H₁-problem being strongly convex for λ_H1 > 0) and curvature modulo the d-side rotations A, B on
 *     the exact reduction (extendedCurvature); ReLU: the smooth-point certificate of relu.ts (flat directions split
 *     off numerically, no known symmetry basis).
 *   points — `{model, problem: {K, d, n | counts, lambdaW2, lambdaW1, lambdaH1}, W2, W1, H1}`.
 */
import { createRng } from '../../core/index.ts';
import { nrm2 } from '../../linalg/index.ts';
import {
  extendedLayout,
  extendedObjective,
  parseExtendedProblem,
  reluExtendedObjective,
  reluKinks,
} from '../../models/index.ts';
import type { ExtendedProblem } from '../../models/index.ts';
import { lbfgs, trustRegion } from '../../solvers/index.ts';
import { predictExtended } from '../../theory/index.ts';
import { classFlags, flagPositive, flagText } from '../flags.ts';
import type { FlagValues } from '../flags.ts';
import type { CertifiedModel, FlagInstance, ModelCertificate, ModelPoint, ModelSolution } from '../model.ts';
import { blockRows, countsJson, pointObject, readBlock } from '../pointJson.ts';
import { distanceBound } from '../ufm/index.ts';
import { certifyReluRun } from './relu.ts';
import { collapsedExtended, extendedCurvature, extendedSymmetryBasis } from './solve.ts';
import type { CollapsedExtended } from './solve.ts';

type Activation = 'extended' | 'relu';

const FLAGS = {
  K: 'string',
  d: 'string',
  n: 'string',
  counts: 'string',
  'lambda-w1': 'string',
  'lambda-w2': 'string',
  'lambda-h1': 'string',
  tol: 'string',
  seed: 'string',
  json: 'boolean',
} as const;

/** Default weight decay of the three factors when a flag is absent. */
const LAMBDA_DEFAULT = 5e-3;

function fromFlags(v: FlagValues): FlagInstance<ExtendedProblem> {
  const { K, d, counts, n } = classFlags(v);
  const tol = flagPositive(flagText(v, 'tol'), '--tol', 1e-10);
  const problem = parseExtendedProblem({
    K,
    d,
    ...(counts ? { counts } : { n }),
    lambdaW2: flagPositive(flagText(v, 'lambda-w2'), '--lambda-w2', LAMBDA_DEFAULT),
    lambdaW1: flagPositive(flagText(v, 'lambda-w1'), '--lambda-w1', LAMBDA_DEFAULT),
    lambdaH1: flagPositive(flagText(v, 'lambda-h1'), '--lambda-h1', LAMBDA_DEFAULT),
  });
  return { problem, options: { tol } };
}

function problemToJson(p: ExtendedProblem): Record<string, unknown> {
  return { K: p.K, d: p.d, ...countsJson(p.counts), lambdaW2: p.lambdaW2, lambdaW1: p.lambdaW1, lambdaH1: p.lambdaH1 };
}

/** One seeded start, L-BFGS (20000) then trust-region polish (500) when L-BFGS stops short; the f* comparison. */
function solveOne(model: Activation, p: ExtendedProblem, seed: number, tol: number): ModelSolution<ExtendedProblem> {
  const obj = model === 'extended' ? extendedObjective(p) : reluExtendedObjective(p);
  const theta0 = createRng(seed).fillNormal(new Float64Array(obj.dim), 0.5);
  const r1 = lbfgs(obj, theta0, { tol, maxIter: 20000 });
  const r = r1.status === 'converged' ? r1 : trustRegion(obj, r1.theta, { tol, maxIter: 500, seed });
  const g = new Float64Array(obj.dim);
  const value = obj.valueAndGrad(r.theta, g);
  const gradNorm = nrm2(g);
  let linear: Record<string, unknown> = {};
  try {
    const pr = predictExtended(p);
    linear = {
      fStarLinear: pr.fStar,
      sigmaStar: pr.sigmaStar,
      nu: pr.nu,
      regime: pr.regime,
      gapToLinear: value - pr.fStar,
    };
  } catch (e) {
    linear = { linearPrediction: `unavailable: ${(e as Error).message}` };
  }
  const exit = gradNorm <= tol && Number.isFinite(value) ? 0 : 2;
  const status = exit === 0 ? 'converged' : r.status;
  return {
    point: { model, problem: p, theta: r.theta },
    status,
    exit,
    summary: { model, status, value, gradNorm, iterations: r1.iterations + (r === r1 ? 0 : r.iterations), ...linear },
  };
}

function balanced(p: ExtendedProblem): boolean {
  return p.counts.every((c) => c === p.counts[0]);
}

/** The linear model's certificate at the collapsed projection of θ (module doc). */
function certifyLinear(point: ModelPoint<ExtendedProblem>, seed: number, gradTol: number): ModelCertificate {
  const p = point.problem;
  if (!balanced(p))
    return {
      kind: 'inconclusive',
      certified: false,
      why: 'the extended reduction needs balanced counts',
      evidence: {},
    };
  const red = collapsedExtended(p);
  const u = red.fromFull(point.theta);
  const bar = red.toFull(u);
  let defect = 0;
  for (let i = 0; i < bar.length; i++) defect += ((bar[i] as number) - (point.theta[i] as number)) ** 2;
  const g = new Float64Array(bar.length);
  const value = extendedObjective(p).valueAndGrad(bar, g);
  const gradNorm = nrm2(g);
  const c = extendedCurvature(red, u, seed);
  const evidence = {
    value,
    gradNorm,
    mu: c.mu,
    muCollapsed: c.muCollapsed,
    lambdaMax: c.lambdaMax,
    residual: c.residual,
    deflated: c.deflated,
    collapseDefect: Math.sqrt(defect),
  };
  if (!(gradNorm <= gradTol))
    return {
      kind: 'inconclusive',
      certified: false,
      why: `‖∇f(θ̄)‖ = ${gradNorm.toExponential(3)} > ${gradTol} at the collapsed projection`,
      evidence,
    };
  if (!c.converged || !(c.mu > 0))
    return {
      kind: 'inconclusive',
      certified: false,
      why: `curvature modulo symmetry not certified positive (μ = ${c.mu.toExponential(3)}, converged ${c.converged})`,
      evidence,
    };
  const { delta } = distanceBound(gradNorm, c.mu);
  return {
    kind: 'local-min',
    certified: true,
    why: `μ = ${c.mu.toExponential(3)} > 0 modulo the rotations and ‖∇f‖ ≤ ${gradTol}: within δ = ${delta.toExponential(3)} of a strict local-minimum orbit`,
    evidence: { ...evidence, delta },
  };
}

/** The ReLU smooth-point certificate of θ (relu.ts). */
function certifyRelu(point: ModelPoint<ExtendedProblem>, gradTol: number): ModelCertificate {
  const p = point.problem;
  const g = new Float64Array(point.theta.length);
  const value = reluExtendedObjective(p).valueAndGrad(point.theta, g);
  const gradNorm = nrm2(g);
  const status =
    !Number.isFinite(value) || !Number.isFinite(gradNorm)
      ? 'non-finite'
      : gradNorm <= gradTol
        ? 'converged'
        : 'max-iter';
  // The point is certified as it stands: start 0 of a one-start run (relu.ts's kinds name multistart starts).
  const c = certifyReluRun(p, {
    start: 0,
    kind: 'continuation',
    status,
    value,
    gradNorm,
    theta: point.theta,
    minAbsPre: reluKinks(p, point.theta).minAbs,
  });
  if (typeof c === 'string') return { kind: 'inconclusive', certified: false, why: c, evidence: { value, gradNorm } };
  return {
    kind: 'local-min',
    certified: true,
    why: `smooth point with spectral gap μ = ${c.mu.toExponential(3)} ≥ 100·τ_flat and no kink within δ = ${c.delta.toExponential(3)}`,
    evidence: { value, ...c.evidence },
  };
}

function pointToJson(point: ModelPoint<ExtendedProblem>): Record<string, unknown> {
  const L = extendedLayout(point.problem);
  return {
    model: point.model,
    problem: problemToJson(point.problem),
    W2: blockRows(point.theta, L.offW2, L.K, L.d),
    W1: blockRows(point.theta, L.offW1, L.d, L.d),
    H1: blockRows(point.theta, L.offH1, L.d, L.N),
  };
}

function parsePoint(model: Activation, u: unknown): ModelPoint<ExtendedProblem> {
  const o = pointObject(u, model);
  const problem = parseExtendedProblem(o['problem'], 'problem');
  const L = extendedLayout(problem);
  const theta = new Float64Array(L.dim);
  readBlock(o['W2'], 'W2', L.K, L.d, theta, L.offW2);
  readBlock(o['W1'], 'W1', L.d, L.d, theta, L.offW1);
  readBlock(o['H1'], 'H1', L.d, L.N, theta, L.offH1);
  return { model, problem, theta };
}

export const extendedModel: CertifiedModel<ExtendedProblem, CollapsedExtended> = {
  id: 'extended',
  summary: 'the extended UFM W₂W₁H₁ with MSE (Tirer & Bruna 2022 eq. (23); THEORY.md §2.4)',
  flags: FLAGS,
  claimPrefixes: ['extended.'],
  help: '  extended | relu     W₂ W₁ H₁ (or W₂ σ(W₁H₁)); --lambda-w2 X --lambda-w1 X --lambda-h1 X (default 5e-3 each)\n',
  fromFlags,
  parseProblem: parseExtendedProblem,
  problemToJson,
  solve: (p, o) => solveOne('extended', p, o.seed, o.tol ?? 1e-10),
  certify: (point, o) => certifyLinear(point, o.seed, o.gradTol ?? 1e-8),
  symmetries(point) {
    if (!balanced(point.problem)) return undefined;
    const u = collapsedExtended(point.problem).fromFull(point.theta);
    return {
      space: 'reduction',
      basis: extendedSymmetryBasis(point.problem.K, point.problem.d, u, false),
      what: 'd-side rotations A (W₂Aᵀ, AW₁) and B (W₁Bᵀ, BU) on the collapsed layout (THEORY.md §2.4)',
    };
  },
  reduction(p) {
    if (!balanced(p)) return undefined;
    return {
      what: 'collapsed H₁ = H̄₁ ⊗ 1ᵀ with U = √n H̄₁ and λ_H1 × n (exact at every critical point; THEORY.md §2.4)',
      reduced: collapsedExtended(p),
    };
  },
  pointToJson,
  parsePoint: (u) => parsePoint('extended', u),
};

export const reluModel: CertifiedModel<ExtendedProblem, never> = {
  id: 'relu',
  summary: 'the ReLU extended UFM W₂σ(W₁H₁) with MSE (Tirer & Bruna 2022 eq. (24); THEORY.md §2.5)',
  flags: FLAGS,
  claimPrefixes: ['relu.'],
  fromFlags,
  parseProblem: parseExtendedProblem,
  problemToJson,
  solve: (p, o) => solveOne('relu', p, o.seed, o.tol ?? 1e-10),
  certify: (point, o) => certifyRelu(point, o.gradTol ?? 1e-8),
  symmetries: () => undefined,
  reduction: () => undefined,
  pointToJson,
  parsePoint: (u) => parsePoint('relu', u),
};
