/**
 * The best point of the seeded ReLU multistart (relu.ts; Tirer & Bruna 2022, Thm 4.2; THEORY.md §2.5), certified,
 * and the nuclear-norm hypothesis of Thm 4.2 there; also the rounding allowance of the ReLU value at any point.
 *
 * "Best point" and what is certified (inconclusive, never a pass, when any step fails):
 *   1. the lowest-valued polished run; runs within 1e-8 (relative) of it are equally best (distinct critical
 *      values differed by ≥ 1e-3 in every run seen), and the first of them that certifies is used; its value must
 *      be ≤ f*_lin + tol (f*_ReLU ≤ f*_lin, relu.upper-bound, so a worse point is known not to be global);
 *   2. a smooth-point certificate (relu.ts `certifyReluRun`): ‖∇f‖ ≤ 1e-11, no eigenvalue below −τ_flat, the flat
 *      directions of the minimizer family split off at τ_flat with a spectral gap, δ = 2ε/μ, and no kink within the
 *      ball (min |W₁H₁| > (‖W₁‖ + ‖H₁‖ + δ)δ). Points on kinks are reported as non-smooth.
 *   3. The hypothesis: gap = ‖σ(P)‖_* − ‖P‖_* for P = W₁H₁ (d×N). Each nuclear norm is √r-Lipschitz in the
 *      Frobenius norm (r = min(d, N)) and σ is 1-Lipschitz, P moves by ≤ ΔP = (‖W₁‖ + ‖H₁‖ + δ)δ, and the SVD adds
 *      ≤ 10·r·max(d, N)·u·‖P‖_F, so τ_nn = 2√r·ΔP + 20·r·max(d, N)·u·‖P‖_F.
 *
 * Structure tolerances ({@link reluStructure}), as certify.ts for the linear model — σ is 1-Lipschitz, so σ(W₁H̄₁)
 * moves no more than W₁H̄₁: dP = productTolerance(‖W₁‖, ‖H̄₁‖, δ), W₂σ(W₁H̄₁) within productTolerance(‖W₂‖,
 * ‖σ(W₁H̄₁)‖, max(δ, dP)) + 4Ku·σ*; NC1: the within-class projection is a contraction, so ‖H₁ − H̄₁ ⊗ 1ᵀ‖_F ≤ δ
 * (+ 4n·u·‖H₁‖ rounding) near a collapsed point.
 *
 * Value rounding ({@link reluValueRounding}): every point's value is an upper bound on f*_ReLU, so bounding it needs
 * only the rounding of evaluating f (a sum of m = K·N + K·d + d² + d·N terms, error ≤ m·u·(|f| + ‖θ‖²·max λ + 1),
 * Higham (3.4)) and of the closed form f*_lin = ψ(σ*) (≤ 16u).
 */
import type { Verdict } from '../../claim/index.ts';
import type { Mat } from '../../core/index.ts';
import { inconclusive } from '../../claim/index.ts';
import { extendedLayout, unpackExtended } from '../../models/index.ts';
import type { ExtendedProblem } from '../../models/index.ts';
import { predictExtended, reluNuclearNormCondition } from '../../theory/index.ts';
import type { ExtendedPrediction } from '../../theory/index.ts';
import { frobenius } from '../ufm/compare.ts';
import { productTolerance, valueTolerance } from '../ufm/tolerance.ts';
import { classMeansOf, extendedParts } from './certify.ts';
import type { ExtendedParts } from './certify.ts';
import { certifyReluRun, reluMultistart } from './relu.ts';
import type { ReluCertificate, ReluRun } from './relu.ts';

const U = 2 ** -53;

/** Rounding allowance of the ReLU value of `run` plus that of f*_lin (module doc). */
export function reluValueRounding(p: ExtendedProblem, run: Pick<ReluRun, 'theta' | 'value'>): number {
  const L = extendedLayout(p);
  let thetaSq = 0;
  for (const x of run.theta) thetaSq += x * x;
  const terms = L.K * L.N + L.K * L.d + L.d * L.d + L.d * L.N;
  return terms * U * (Math.abs(run.value) + thetaSq * Math.max(p.lambdaW2, p.lambdaW1, p.lambdaH1) + 1) + 16 * U;
}

/** The lowest value of the multistart (relu.upper-bound), its rounding allowance and the runs' summary. */
export interface ReluBestValue {
  readonly best: ReluRun;
  readonly tol: number;
  readonly fLin: number;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Runs the seeded ReLU multistart of `p` and keeps its lowest finite value. */
export function reluBestValue(p: ExtendedProblem, starts: number, seed: number): ReluBestValue {
  const fLin = predictExtended(p).fStar;
  const runs = reluMultistart(p, { starts, seed });
  let best = runs[0] as ReluRun;
  for (const r of runs) if (Number.isFinite(r.value) && r.value < best.value) best = r;
  const tol = reluValueRounding(p, best);
  const search = runs.filter((r) => r.kind !== 'lifted' && Number.isFinite(r.value));
  const searchBest = search.reduce((m, r) => Math.min(m, r.value), Number.POSITIVE_INFINITY);
  return {
    best,
    tol,
    fLin,
    details: {
      fLin,
      bestStart: best.start,
      bestKind: best.kind,
      searchBestGap: searchBest - fLin,
      searchReached: searchBest <= fLin + tol,
      runs: runs.map((r) => ({
        kind: r.kind,
        status: r.status,
        gap: r.value - fLin,
        gradNorm: r.gradNorm,
        minAbsPre: r.minAbsPre,
      })),
    },
  };
}

export interface CertifiedRelu {
  readonly p: ExtendedProblem;
  readonly pred: ExtendedPrediction;
  readonly cert: ReluCertificate;
  readonly valueTol: number;
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** Steps 1–2 of the module doc, on the runs of `reluMultistart` (the lifted start is skipped: it sits on kinks). */
export function certifiedReluBest(p: ExtendedProblem, allRuns: readonly ReluRun[]): CertifiedRelu | Verdict {
  const pred = predictExtended(p);
  const runs = allRuns.filter((r) => r.kind !== 'lifted' && Number.isFinite(r.value));
  const summary = runs.map((r) => ({
    kind: r.kind,
    status: r.status,
    gap: r.value - pred.fStar,
    gradNorm: r.gradNorm,
    minAbsPre: r.minAbsPre,
  }));
  if (runs.length === 0) return inconclusive('no polished start', { runs: summary });
  runs.sort((a, b) => a.value - b.value);
  const L = extendedLayout(p);
  const terms = L.K * L.N + L.K * L.d + L.d * L.d + L.d * L.N;
  const lowest = runs[0] as (typeof runs)[number];
  const reasons: string[] = [];
  for (const r of runs) {
    // Equally best: within 1e-8 of the lowest value (distinct critical values differ by ≥ 1e-3 in every run seen).
    if (r.value > lowest.value + 1e-8 * Math.max(1, Math.abs(lowest.value))) break;
    const c = certifyReluRun(p, r);
    if (typeof c === 'string') {
      reasons.push(c);
      continue;
    }
    let thetaSq = 0;
    for (const x of r.theta) thetaSq += x * x;
    const valueTol = valueTolerance(
      r.value,
      r.gradNorm,
      c.mu,
      terms,
      thetaSq,
      Math.max(p.lambdaW2, p.lambdaW1, p.lambdaH1),
    );
    const evidence = { ...c.evidence, fLin: pred.fStar, gap: r.value - pred.fStar, runs: summary };
    if (r.value > pred.fStar + valueTol)
      return inconclusive(
        `the search did not reach f*_lin: best certified value exceeds it by ${(r.value - pred.fStar).toExponential(3)} (> tol ${valueTol.toExponential(2)}), so it is not a global minimizer`,
        evidence,
      );
    return { p, pred, cert: c, valueTol, evidence };
  }
  return inconclusive(`no best run could be certified: ${reasons.slice(0, 2).join('; ')}`, { runs: summary });
}

/** Step 3 of the module doc: the nuclear-norm hypothesis at the certified point. */
export function nuclearNormHypothesis(c: CertifiedRelu): { holds: boolean; gap: number; tol: number } {
  const { W1, H1 } = unpackExtended(c.p, c.cert.run.theta);
  const nn = reluNuclearNormCondition(W1, H1);
  const { d } = c.p;
  const N = H1.cols;
  const r = Math.min(d, N);
  const tol = 2 * Math.sqrt(r) * c.cert.kinkRadius + 20 * r * Math.max(d, N) * U * nn.linear;
  const gap = nn.relu - nn.linear;
  return { holds: Math.abs(gap) <= tol, gap, tol };
}

/** The certified best point of the seeded multistart of `p` (steps 1–2). */
export function certifiedReluBestOf(p: ExtendedProblem, starts: number, seed: number): CertifiedRelu | Verdict {
  return certifiedReluBest(p, reluMultistart(p, { starts, seed }));
}

/** σ applied entrywise (the ReLU). */
export function reluOf(P: Mat): Mat {
  return { rows: P.rows, cols: P.cols, data: P.data.map((x) => (x > 0 ? x : 0)) };
}

/** What the Thm 4.2 structure comparisons measure at the certified best point, with their tolerances (module doc). */
export interface ReluStructure {
  /** W₂, W₁, H̄₁, P = W₁H̄₁ and Z = W₂σ(P) at the point. */
  readonly parts: ExtendedParts;
  /** σ(W₁H̄₁) (d×K). */
  readonly A: Mat;
  /** Tolerance of σ(W₁H̄₁) (and of its Gram). */
  readonly aTol: number;
  /** Tolerance of ‖W₂σ(W₁H̄₁) − σ*I‖_F. */
  readonly zTol: number;
  /** ‖H₁ − H̄₁ ⊗ 1ᵀ‖_F and its tolerance. */
  readonly nc1: number;
  readonly nc1Tol: number;
  /** ‖W₂σ(W₁H̄₁) − s·I‖_F. */
  zDistance(s: number): number;
}

/** Measures the structure at the certified best point (module doc). */
export function reluStructure(c: CertifiedRelu): ReluStructure {
  const { p, pred, cert } = c;
  const { K, d } = p;
  const n = p.counts[0] as number;
  const parts = extendedParts(p, cert.run.theta, reluOf);
  const A = reluOf(parts.P);
  const aTol = productTolerance(frobenius(parts.W1), frobenius(parts.Hbar), cert.delta, d, d);
  const zTol =
    productTolerance(frobenius(parts.W2), frobenius(A), Math.max(cert.delta, aTol), K, d) + 4 * K * U * pred.sigmaStar;
  const { H1 } = unpackExtended(p, cert.run.theta);
  const Hbar = classMeansOf(H1, K, n);
  let nc1 = 0;
  for (let i = 0; i < d; i++)
    for (let j = 0; j < H1.cols; j++)
      nc1 += ((H1.data[i * H1.cols + j] as number) - (Hbar.data[i * K + Math.floor(j / n)] as number)) ** 2;
  return {
    parts,
    A,
    aTol,
    zTol,
    nc1: Math.sqrt(nc1),
    nc1Tol: cert.delta + 4 * n * U * frobenius(H1),
    zDistance(s: number): number {
      let e = 0;
      for (let i = 0; i < K; i++)
        for (let j = 0; j < K; j++) e += ((parts.Z.data[i * K + j] as number) - (i === j ? s : 0)) ** 2;
      return Math.sqrt(e);
    },
  };
}
