/**
 * Which figures a report gets, from its data: the verify figures of the claim families that ran (each computed
 * from the run's seed, and from the run's own counterexamples where they carry an instance), one picture per
 * failure or refuted control, and one per hunt hit.
 */
import { lossById } from '../losses/index.ts';
import { parseFixedFeaturesProblem, ufmLayout, type FixedFeaturesProblem, type UfmProblem } from '../models/index.ts';
import { solveUfm } from '../certified/index.ts';
import { predictCeGlobalMin, realizeCeGlobalMin } from '../theory/index.ts';
import { cyclicAnsatz, realizeCyclicAnsatz } from '../hunt/index.ts';
import { huntProblemOf, parseHuntUfmInstance, startSeed } from '../hunt/index.ts';
import { runStarts } from '../hunt/index.ts';
import { ufmProblemOf } from './compute/ufmPoint.ts';
import { configurationFigure, drawable, type ConfigurationPanel } from './figures/configuration.ts';
import { evidenceFigure } from './figures/evidence.ts';
import { figureId, num, problemCaption, type Figure } from './figures/figure.ts';
import { solvedGramFigure } from './figures/gram.ts';
import { histogramFigure, landscapeFigure } from './figures/landscape.ts';
import { NC_PROBLEM, ncCurvesFigure } from './figures/ncCurves.ts';
import { ORIGIN_PROBLEM, originCurvatureFigure } from './figures/originCurvature.ts';
import { RATE_PROBLEM, rateFigure, type RateSeries } from './figures/rate.ts';
import type { ClaimRow, HuntRow, ReportData, StoredHit } from './input.ts';

/** Figures of a report: the overview figures and the per-failure / per-hit pictures keyed by row. */
export interface FigurePlan {
  readonly overview: readonly Figure[];
  /** Claim id → the picture of its counterexample. */
  readonly evidence: ReadonlyMap<string, Figure>;
  /** `${huntId}#${index}` → the picture of the hit. */
  readonly hits: ReadonlyMap<string, Figure>;
  /** Figures that could not be computed, with the reason (the page lists them instead of failing). */
  readonly problems: readonly string[];
}

/** Runs one figure's computation; an exception becomes a listed problem, not a failed report. */
function safely<T>(what: string, problems: string[], f: () => T | undefined): T | undefined {
  try {
    return f();
  } catch (e) {
    problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** At most this many hit pictures per hunt (each re-solves the hit): the rest are listed without one. */
export const MAX_HIT_PICTURES = 8;

/** The instance of the configuration figure: CE, K = 3 in the plane, free bias. */
export const PLANE_PROBLEM: UfmProblem = {
  loss: 'ce',
  K: 3,
  d: 2,
  counts: [2, 2, 2],
  lambdaW: 1e-2,
  lambdaH: 1e-2,
  lambdaB: 0,
  bias: true,
};

function firstCounterexample(claims: readonly ClaimRow[], prefix: string): ClaimRow | undefined {
  return claims.find((c) => c.id.startsWith(prefix) && c.counterexample !== undefined);
}

function planeFigure(seed: number): Figure | undefined {
  const p = PLANE_PROBLEM;
  const sol = solveUfm(p, { seed });
  if (sol.result.status !== 'converged') return undefined;
  const pred = predictCeGlobalMin({
    K: p.K,
    n: p.counts[0] as number,
    lambdaW: p.lambdaW,
    lambdaH: p.lambdaH,
    lambdaB: p.lambdaB,
    bias: p.bias,
    d: p.d,
  });
  const etf = realizeCeGlobalMin(pred, p.d);
  const layout = ufmLayout(p);
  const L = new Float64Array(layout.dim);
  L.set(etf.W.data, layout.offW);
  L.set(etf.H.data, layout.offH);
  if (etf.b) L.set(etf.b, layout.offB);
  return configurationFigure(
    'configuration',
    'Configuration in the plane: solved minimiser and the closed form',
    `${problemCaption(p)}. Left: the certified minimiser solved from the run's seed ${seed} (f = ${num(sol.result.value, 8)}); right: Zhu et al. 2021 Thm 3.1's simplex ETF (f* = ${num(pred.fStar, 8)}), equal up to a rotation. Diamonds: class means h̄_k; dots: features h_{k,i}; segments: classifiers w_k with their bias b_k (with a free bias only b modulo span(1) is determined, Thm 3.1).`,
    [
      { label: `solved (seed ${seed})`, problem: p, theta: sol.result.theta },
      { label: 'closed form (simplex ETF)', problem: p, theta: L },
    ],
  );
}

function rateInputs(claims: readonly ClaimRow[]): { problem: FixedFeaturesProblem; extra: RateSeries[]; from: string } {
  const extra: RateSeries[] = [];
  let problem: FixedFeaturesProblem | undefined;
  for (const c of claims) {
    if (!c.id.startsWith('fixed-features.limit') || c.counterexample === undefined) continue;
    const inst = c.counterexample.instance as Record<string, unknown> | null;
    if (problem === undefined && inst !== null && typeof inst === 'object') {
      try {
        problem = parseFixedFeaturesProblem(inst['problem']);
      } catch {
        problem = undefined;
      }
    }
    const pts = c.counterexample.details?.['points'];
    if (Array.isArray(pts)) {
      const points = pts.flatMap((q) =>
        typeof q === 'object' &&
        q !== null &&
        typeof (q as Record<string, unknown>)['n'] === 'number' &&
        typeof (q as Record<string, unknown>)['error'] === 'number'
          ? [{ n: (q as { n: number }).n, error: (q as { error: number }).error }]
          : [],
      );
      if (points.length > 1) extra.push({ label: `control ${c.id}`, points });
    }
  }
  return {
    problem: problem ?? RATE_PROBLEM,
    extra,
    from: problem ? "the refuted control's instance" : 'default instance',
  };
}

/**
 * The overview figures that depend only on the run's seed and on which claim families it selected, not on its
 * results — so `verify --report` can compute them on a worker thread while the claims run (src/cli/reportEarly.ts).
 * @param ids - the selected claim ids
 * @param seed - the run's seed
 * @param problems - collects figures that could not be computed
 */
export function seedOverview(ids: readonly string[], seed: number, problems: string[]): Figure[] {
  const has = (re: RegExp): boolean => ids.some((id) => re.test(id));
  const out: (Figure | undefined)[] = [];
  if (has(/^(ce|mse)\./)) {
    out.push(safely('nc-curves', problems, () => ncCurvesFigure(seed)));
    out.push(
      safely('gram-pass', problems, () =>
        solvedGramFigure(
          'gram-pass',
          'Predicted vs measured Grams at a certified minimiser',
          NC_PROBLEM,
          seed,
          "A passing instance (the NC-curve instance, solved by auto from the run's seed):",
        ),
      ),
    );
    out.push(safely('configuration', problems, () => planeFigure(seed)));
  }
  if (has(/landscape/)) out.push(safely('landscape', problems, () => landscapeFigure(seed)));
  return out.filter((f): f is Figure => f !== undefined);
}

/** The overview figures drawn from the run's results (a refuted control's instance and stored errors). */
function resultOverview(claims: readonly ClaimRow[], seed: number, problems: string[]): Figure[] {
  const has = (re: RegExp): boolean => claims.some((c) => re.test(c.id));
  const out: (Figure | undefined)[] = [];
  if (has(/^fixed-features\.limit/)) {
    const r = rateInputs(claims);
    out.push(safely('thm51-rate', problems, () => rateFigure(r.problem, seed, r.extra)));
  }
  if (has(/^saddle\.origin/)) {
    const ce = firstCounterexample(claims, 'saddle.origin');
    const base = ce ? ufmProblemOf(ce.counterexample?.instance) : undefined;
    out.push(
      safely('origin-curvature', problems, () =>
        originCurvatureFigure(
          base ?? ORIGIN_PROBLEM,
          base ? `the shape of ${ce?.id ?? ''}'s shrunk instance` : 'default shape',
        ),
      ),
    );
  }
  return out.filter((f): f is Figure => f !== undefined);
}

/** The picture of a hunt hit: the hit's configuration beside the symmetric one (d ≤ 3, cyclic ansatz), else its starts. */
function hitFigure(hunt: HuntRow, hit: StoredHit): Figure | undefined {
  const id = figureId('hit', hunt.id, hunt.seed, hit.index);
  const title = `Hit ${hit.index} of ${hunt.id}`;
  const ev = hit.evidence ?? {};
  const starts = Array.isArray(ev['starts'])
    ? (ev['starts'] as unknown[]).flatMap((s) =>
        typeof s === 'object' && s !== null && typeof (s as Record<string, unknown>)['value'] === 'number'
          ? [(s as { value: number }).value]
          : [],
      )
    : [];
  let problem: UfmProblem | undefined;
  let inst: ReturnType<typeof parseHuntUfmInstance> | undefined;
  try {
    inst = parseHuntUfmInstance(hit.instance);
    problem = huntProblemOf(inst);
  } catch {
    problem = undefined;
  }
  const fAns = typeof ev['fAnsatz'] === 'number' ? (ev['fAnsatz'] as number) : undefined;
  const best = typeof ev['bestStart'] === 'number' ? (ev['bestStart'] as number) : undefined;
  const n = problem?.counts[0];
  if (
    problem &&
    inst &&
    fAns !== undefined &&
    best !== undefined &&
    n !== undefined &&
    drawable(problem) &&
    problem.loss === 'ce'
  ) {
    const rec = runStarts(problem, lossById('ce'), {
      seed: startSeed(inst.seed, best),
      starts: 1,
      initScale: inst.initScale,
    })[0];
    const ai = { K: problem.K, d: problem.d, n, lambdaW: problem.lambdaW, lambdaH: problem.lambdaH };
    if (rec !== undefined && rec.status === 'converged') {
      const panels: ConfigurationPanel[] = [
        { label: `hit: start ${best}, f = ${num(rec.value, 8)}`, problem, theta: rec.theta },
      ];
      try {
        panels.push({
          label: `symmetric configuration, f = ${num(fAns, 8)}`,
          problem,
          theta: realizeCyclicAnsatz(ai, cyclicAnsatz(ai).best, problem.bias),
        });
      } catch {
        // No cyclic configuration fits (d = 1, K odd): the hit is drawn alone.
      }
      return configurationFigure(
        id,
        title,
        `${problemCaption(problem)}. The hit (start ${best} re-solved from its seed) beside the most symmetric configuration it beats. Diamonds: class means; segments: classifiers w_k with their bias b_k.`,
        panels,
      );
    }
  }
  if (starts.length > 0) {
    const markers = [
      ...(fAns !== undefined ? [{ label: `symmetric ansatz ${num(fAns, 8)}`, value: fAns }] : []),
      ...(typeof ev['fBest'] === 'number'
        ? [{ label: `best found ${num(ev['fBest'] as number, 8)}`, value: ev['fBest'] as number }]
        : []),
    ];
    return histogramFigure(
      id,
      title,
      `Values reached by the hit's ${starts.length} stored starts${problem ? ` (${problemCaption(problem)})` : ''}.`,
      starts,
      markers,
    );
  }
  return undefined;
}

/**
 * Plans (computes) every figure of a report.
 * @param data - the merged results
 * @param early - the {@link seedOverview} figures when they were computed already (on a worker, during the run)
 */
export function planFigures(data: ReportData, early?: readonly Figure[]): FigurePlan {
  const seed = data.seeds[0];
  const problems: string[] = [];
  const overview =
    data.claims.length > 0 && seed !== undefined
      ? [
          ...(early ??
            seedOverview(
              data.claims.map((c) => c.id),
              seed,
              problems,
            )),
          ...resultOverview(data.claims, seed, problems),
        ]
      : [];
  const evidence = new Map<string, Figure>();
  for (const c of data.claims) {
    const ce = c.counterexample;
    if (ce === undefined) continue;
    const f = safely(`picture of ${c.id}`, problems, () => evidenceFigure(c.id, ce));
    if (f) evidence.set(c.id, f);
  }
  const hits = new Map<string, Figure>();
  for (const h of data.hunts) {
    for (const hit of h.hits.slice(0, MAX_HIT_PICTURES)) {
      const f = safely(`picture of ${h.id} hit ${hit.index}`, problems, () => hitFigure(h, hit));
      if (f) hits.set(`${h.id}#${h.seed}#${hit.index}`, f);
    }
  }
  return { overview, evidence, hits, problems };
}
