/**
 * `ufmcheck solve` at the papers' sizes (issue 12 item 4): a balanced plain-UFM instance with λ_H > 0, a convex loss
 * and d·N ≥ COLLAPSE_MIN_ENTRIES is solved as its equivalent n = 1 problem f₁ (src/certified/ufm/collapsedProblem.ts:
 * W = s·W', H̄ = H̄'/s, s = n^{1/4}, λ_W, λ_H × √n), never forming H (d×N) or the K×N logits. Reported in the full
 * problem's terms: f (equal), ‖∇f‖ in the full metric (on collapsed points the (W, U = √n H̄) metric, where
 * ∇f = ∇f₁/s on the (W, H) block), the NC metrics of (W, H̄, b) (NC1 = 0 and the others depend only on W, H̄, b
 * for a collapsed point), and summaries — min/max ‖w_k‖², ‖b‖ — not the K×K Gram. `--certify` is the second-order
 * certificate of f₁'s point: the collapsed block of ∇²f is congruent to ∇²f₁ and the within-class block is
 * ⪰ λ_H I, so the kind (local min / strict saddle) carries over (Sylvester's law of inertia); λ_min is f₁'s.
 * `--save` writes the collapsed point form (W, Hbar, b; point.ts).
 */
import { matOf } from '../../core/index.ts';
import { collapsedPointJson, stringifyJson, writeFileAtomic } from '../../claim/index.ts';
import { toResultJson } from '../../claim/index.ts';
import { certifyUfmPoint, solveUfm } from '../../certified/index.ts';
import type { CollapsedEquivalent } from '../../certified/index.ts';
import { ncMetrics } from '../../geometry/index.ts';
import type { LogitLoss } from '../../losses/index.ts';
import { problemToJson, ufmLayout } from '../../models/index.ts';
import type { UfmProblem } from '../../models/index.ts';
import type { CliContext } from '../context.ts';
import { certificateLines, problemLine } from '../format/solveText.ts';

export interface CollapsedSolveOptions {
  readonly seed: number;
  readonly tol: number;
  readonly maxIter: number | undefined;
  readonly json: boolean;
  readonly certify: boolean;
  readonly save: string | undefined;
}

/** Solves through f₁, prints the report and returns the exit code (0 converged, 2 inconclusive). */
export function solveCollapsed(
  problem: UfmProblem,
  loss: LogitLoss,
  eq: CollapsedEquivalent,
  o: CollapsedSolveOptions,
  ctx: CliContext,
): number {
  const t0 = performance.now();
  // Cold-start overhead (issue 13 item 4): ms from process start (performance.timeOrigin) to the solver's start —
  // module loading, flag parsing, problem set-up; `seconds` is the solve alone.
  const startupMs = t0;
  const sol = solveUfm(eq.problem, {
    seed: o.seed,
    solver: 'auto',
    tol: o.tol,
    loss,
    ...(o.maxIter !== undefined ? { maxIter: o.maxIter } : {}),
  });
  const seconds = (performance.now() - t0) / 1000;
  const r = sol.result;
  const L = ufmLayout(eq.problem);
  const { K, d } = L;
  const s = eq.scale;
  const W = matOf(
    K,
    d,
    r.theta.slice(L.offW, L.offW + K * d).map((x) => s * x),
  );
  const Hbar = matOf(
    d,
    K,
    r.theta.slice(L.offH, L.offH + d * K).map((x) => x / s),
  );
  const b = L.hasBias ? r.theta.slice(L.offB, L.offB + K) : undefined;
  // Full-metric gradient norm: the (W, H) block of ∇f₁ divided by s, the bias block as it is.
  const g = new Float64Array(L.dim);
  sol.objective.valueAndGrad(r.theta, g);
  let gWH = 0,
    gB = 0;
  for (let i = 0; i < L.dim; i++) {
    if (L.hasBias && i >= L.offB) gB += (g[i] as number) ** 2;
    else gWH += (g[i] as number) ** 2;
  }
  const gradNorm = Math.sqrt(gWH / (s * s) + gB);
  const status =
    !Number.isFinite(r.value) || !Number.isFinite(gradNorm)
      ? 'non-finite'
      : gradNorm <= o.tol
        ? 'converged'
        : r.status === 'converged'
          ? 'max-iter'
          : r.status;
  const metrics = ncMetrics(W, Hbar, b, new Array<number>(K).fill(1));
  const wn = Array.from({ length: K }, (_, k) => {
    let t = 0;
    for (let c = 0; c < d; c++) t += (W.data[k * d + c] as number) ** 2;
    return t;
  });
  const summary = {
    wNormSqMin: Math.min(...wn),
    wNormSqMax: Math.max(...wn),
    biasNorm: b === undefined ? 0 : Math.hypot(...b),
  };
  const cert = o.certify ? certifyUfmPoint(eq.problem, loss, r.theta, o.seed) : undefined;
  if (o.save !== undefined) writeFileAtomic(o.save, `${JSON.stringify(collapsedPointJson(problem, W, Hbar, b))}\n`);
  const exit = status === 'converged' ? 0 : 2;
  const how = `solved as n = 1 with λ_W, λ_H × √n (exact collapse, s = n^{1/4} = ${s.toPrecision(6)}); H = H̄ ⊗ 1ᵀ not formed`;
  if (o.json) {
    ctx.stdout.write(
      `${stringifyJson(
        toResultJson({
          status,
          value: r.value,
          gradNorm,
          iterations: r.iterations,
          seconds,
          startupMs,
          solver: r.solver,
          stages: sol.stages,
          evaluations: r.evaluations,
          seed: o.seed,
          tol: o.tol,
          problem: problemToJson(problem),
          collapsed: how,
          metrics,
          ...summary,
          ...(cert
            ? {
                certificate: {
                  gradNorm: cert.gradNorm,
                  lambdaMin: cert.lambdaMin,
                  residual: cert.residual,
                  kind: cert.kind,
                  value: cert.value,
                  tolerance: cert.tolerance,
                  why: cert.why,
                  of: 'f₁ (kind carries over; λ_min in f₁ coordinates)',
                },
              }
            : {}),
          ...(o.save !== undefined ? { saved: o.save } : {}),
          exitCode: exit,
        }),
        0,
      )}\n`,
    );
  } else {
    ctx.stdout.write(
      [
        problemLine(problem),
        `${status}  f = ${r.value}  ‖∇f‖ = ${gradNorm.toExponential(3)}  iterations ${r.iterations}  ${(seconds * 1000).toFixed(1)} ms`,
        `  ${how}`,
        `  nc1 ${metrics.nc1}  nc2W ${metrics.nc2W}  nc2H ${metrics.nc2H}  nc3 ${metrics.nc3}`,
        `  ‖w_k‖² in [${summary.wNormSqMin}, ${summary.wNormSqMax}]  ‖b‖ = ${summary.biasNorm}`,
        ...(cert ? certificateLines(cert) : []),
        ...(o.save !== undefined ? [`saved: ${o.save}`] : []),
      ].join('\n') + '\n',
    );
  }
  return exit;
}
