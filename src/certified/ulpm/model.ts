/**
 * The unconstrained layer-peeled model (ULPM: unregularised CE, no bias; Ji et al. 2022; THEORY.md §3) as a
 * {@link CertifiedModel}. Its infimum 0 is not attained, so there is no critical point to certify: solve is
 * fixed-step GD from a seeded N(0, 1) start for --max-iter steps (never 'converged'), and the certificate is the
 * normalised margin compared with the min-norm NC optimum's 1/((K−1)√n) (Thm 3.1; balanced counts only).
 * Points: `{model: 'ulpm', problem: {K, d, n | counts}, W, H}`.
 */
import { createRng, matOf } from '../../core/index.ts';
import { parseUlpmProblem, ulpmObjective } from '../../models/index.ts';
import type { UlpmProblem } from '../../models/index.ts';
import { gradientDescent } from '../../solvers/index.ts';
import { ulpmMargin, ulpmMinNormValue } from '../../theory/index.ts';
import { classFlags, flagIntRequired, flagPositive, flagText } from '../flags.ts';
import type { CertifiedModel, ModelPoint } from '../model.ts';
import { blockRows, countsJson, pointObject, readBlock } from '../pointJson.ts';

const FLAGS = {
  K: 'string',
  d: 'string',
  n: 'string',
  counts: 'string',
  step: 'string',
  'max-iter': 'string',
  seed: 'string',
  json: 'boolean',
} as const;

/** The margin, the normalised margin, and the balanced optimum's figures (Thm 3.1). */
function marginOf(point: ModelPoint<UlpmProblem>): Record<string, number> {
  const p = point.problem;
  const L = ulpmObjective(p).layout;
  const W = matOf(L.K, L.d, point.theta.slice(L.offW, L.offW + L.K * L.d));
  const H = matOf(L.d, L.N, point.theta.slice(L.offH, L.offH + L.d * L.N));
  const m = ulpmMargin(W, H, p.counts);
  const nb = p.counts.every((c) => c === p.counts[0]) ? (p.counts[0] as number) : undefined;
  return {
    margin: m.margin,
    normalisedMargin: m.normalised,
    ...(nb !== undefined
      ? { minNormValue: ulpmMinNormValue(p.K, nb), maxNormalisedMargin: 1 / ulpmMinNormValue(p.K, nb) }
      : {}),
  };
}

export const ulpmModel: CertifiedModel<UlpmProblem, never> = {
  id: 'ulpm',
  summary: 'the unregularised CE UFM without bias, by GD (Ji et al. 2022; THEORY.md §3)',
  flags: FLAGS,
  claimPrefixes: ['ulpm.'],
  help: '  ulpm                unregularised CE, no bias; GD with --step for --max-iter steps (default 10000)\n',
  fromFlags(v) {
    const { K, d, counts, n } = classFlags(v);
    const problem = parseUlpmProblem({ K, d, ...(counts ? { counts } : { n }) });
    const maxIter = flagIntRequired(flagText(v, 'max-iter'), '--max-iter', 1, 10000);
    return { problem, options: { maxIter, step: flagPositive(flagText(v, 'step'), '--step', 0.1) } };
  },
  parseProblem: parseUlpmProblem,
  problemToJson: (p) => ({ K: p.K, d: p.d, ...countsJson(p.counts) }),
  solve(p, o) {
    const obj = ulpmObjective(p);
    const theta0 = createRng(o.seed).fillNormal(new Float64Array(obj.dim), 1);
    const r = gradientDescent(obj, theta0, { step: o.step ?? 0.1, maxIter: o.maxIter ?? 10000, tol: 0 });
    const point = { model: 'ulpm', problem: p, theta: r.theta };
    const exit = Number.isFinite(r.value) ? 0 : 2;
    return {
      point,
      status: r.status,
      exit,
      summary: {
        model: 'ulpm',
        status: r.status,
        value: r.value,
        gradNorm: r.gradNorm,
        iterations: r.iterations,
        ...marginOf(point),
      },
    };
  },
  certify(point) {
    const m = marginOf(point);
    const finite = Object.values(m).every(Number.isFinite);
    const why =
      "the ULPM has no minimizer (inf f = 0 is not attained): the certificate is the normalised margin, at most the min-norm optimum's 1/((K−1)√n) (Thm 3.1)";
    return { kind: 'margin', certified: finite, why: finite ? why : 'non-finite margin', evidence: m };
  },
  symmetries: () => undefined,
  reduction: () => undefined,
  pointToJson(point) {
    const L = ulpmObjective(point.problem).layout;
    return {
      model: 'ulpm',
      problem: { K: point.problem.K, d: point.problem.d, ...countsJson(point.problem.counts) },
      W: blockRows(point.theta, L.offW, L.K, L.d),
      H: blockRows(point.theta, L.offH, L.d, L.N),
    };
  },
  parsePoint(u) {
    const o = pointObject(u, 'ulpm');
    const problem = parseUlpmProblem(o['problem'], 'problem');
    const L = ulpmObjective(problem).layout;
    const theta = new Float64Array(L.dim);
    readBlock(o['W'], 'W', L.K, L.d, theta, L.offW);
    readBlock(o['H'], 'H', L.d, L.N, theta, L.offH);
    return { model: 'ulpm', problem, theta };
  },
};
