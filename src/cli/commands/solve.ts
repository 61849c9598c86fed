/**
 * `ufmcheck solve` — solve one plain-UFM instance to a certified critical point and report value, gradient norm,
 * NC metrics, bias, classifier norms and Gram (issue 2 item 8); `--certify` adds the second-order certificate
 * (issue 4 item 5); `--save FILE` writes the point file. Exit 0 when ‖∇f‖ ≤ tol, 2 when the solver stopped short
 * (inconclusive: iteration cap, non-finite, divergence — never reported as a success), 64 on bad usage.
 */
import { UsageError, stringifyJson, writePoint } from '../../claim/index.ts';
import { toResultJson } from '../../claim/index.ts';
import { certifyUfmPoint, pointReport, solveUfm, UFM_SOLVERS } from '../../certified/index.ts';
import type { UfmSolverId } from '../../certified/index.ts';
import { checkMemory, problemToJson } from '../../models/index.ts';
import { isLossPath, resolveLoss } from '../../claim/index.ts';
import { outputFile, parsePositiveInt, parseSeed, parseStrict, wantsHelp } from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';
import { PROBLEM_HELP, PROBLEM_OPTIONS, positive, problemFromFlags } from '../ufmFlags.ts';
import { memoryBudget } from '../memoryBudget.ts';
import { certificateLines, summaryLines } from '../format/solveText.ts';
import { checkModelFlags, MODEL_HELP, MODEL_OPTIONS, runModel } from './solveModels.ts';
import { writeFileAtomic } from '../../claim/index.ts';
import { formatTrace, traceFormatOf, traceSolve } from '../trace.ts';
import { certificationEquivalent, modelById } from '../../certified/index.ts';
import type { FlagValues } from '../../certified/index.ts';
import { solveCollapsed } from './solveCollapsed.ts';

const OPTIONS = {
  // Every registered model's flags (src/certified/registry.ts), then the plain UFM's typed ones.
  ...MODEL_OPTIONS,
  model: { type: 'string' },
  ...PROBLEM_OPTIONS,
  solver: { type: 'string' },
  step: { type: 'string' },
  tol: { type: 'string' },
  'max-iter': { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
  save: { type: 'string' },
  certify: { type: 'boolean' },
  trace: { type: 'string' },
} as const;

const HELP = `Usage: ufmcheck solve --K N --d N (--n N | --counts a,b,...) [options]

Solve one UFM instance from a seeded N(0,1) start and report the point.

${PROBLEM_HELP}
${MODEL_HELP}
Solver:
  --solver auto|gd|lbfgs|newton   default auto: the exact class-mean reduction in the full metric (L-BFGS, then
                      Newton polish), expanded and re-certified on the full objective; gd is the papers' fixed step
  --step X            GD step (default 0.1)
  --tol X             target ‖∇f‖₂ on the full objective (default 1e-10)
  --max-iter N        iteration cap of the main solver
  --seed S            seed of the initialisation (default 1)
  --certify           add the second-order certificate {gradNorm, lambdaMin, residual, kind}
Output:
  --json              exactly one JSON object on stdout
  --save FILE         write the point file (problem, W, H, b)
  --trace FILE        write the per-iteration trace: stage, solver, iteration, value, gradNorm and the NC metrics
                      nc1, nc2W, nc2H, nc3, nc4, cdnv of each iterate; CSV when FILE ends in .csv, else JSON lines
                      (plain UFM only; e.g. --solver gd --trace gd.csv for the papers' training curves)
  -h, --help          this help

Example: npx ufmcheck solve --loss ce --K 10 --d 20 --n 100 --lambda-w 5e-4 --lambda-h 5e-4 --lambda-b 5e-4 --seed 1 --json
Exit codes: 0 converged (‖∇f‖ ≤ tol); 2 inconclusive (solver stopped short); 64 bad usage.
`;

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const { values } = parseStrict(args, OPTIONS, false);
  // Dispatch through the registry (issue 14 item 1): the plain UFM has the full report below, every other model
  // the generic runner of solveModels.ts over its CertifiedModel.
  const model = modelById(values.model ?? 'ufm');
  const flags: FlagValues = values;
  checkModelFlags(
    model,
    Object.keys(flags).filter((k) => flags[k] !== undefined),
  );
  if (model.id !== 'ufm')
    return runModel(model, flags, values.seed === undefined ? 1 : parseSeed(values.seed, '--seed'), ctx);
  // --loss may name a plug-in module (.ts/.js): loaded, Taylor-checked and registered before the problem is built.
  if (values.loss !== undefined && isLossPath(values.loss)) {
    const plugin = await resolveLoss(values.loss, ctx.cwd);
    values.loss = plugin.id;
  }
  const { problem, loss } = problemFromFlags(values);
  const solver = (values.solver ?? 'auto') as UfmSolverId;
  if (!UFM_SOLVERS.includes(solver))
    throw new UsageError('--solver', `must be one of ${UFM_SOLVERS.join(', ')}; got '${values.solver}'`);
  // Issue 12 item 4: paper-sized instances whose critical points are all collapsed are solved as the equivalent
  // n = 1 problem (solveCollapsed.ts), whose memory is O(Kd + K²); --trace needs the full iterates.
  const eq = solver === 'auto' && values.trace === undefined ? certificationEquivalent(problem, loss) : undefined;
  // Issue 12 item 2: an instance too large for this machine is a usage error before anything is allocated.
  checkMemory(
    eq?.problem ?? problem,
    values.certify === true ? 'certify' : 'solve',
    memoryBudget(ctx.env),
    values.counts !== undefined ? '--counts' : '--n',
  );
  const tol = positive(values.tol, '--tol', 1e-10);
  const step = positive(values.step, '--step', 0.1);
  const maxIter =
    values['max-iter'] === undefined ? undefined : parsePositiveInt(values['max-iter'], '--max-iter', 1e9);
  const seed = values.seed === undefined ? 1 : parseSeed(values.seed, '--seed');
  const save = values.save === undefined ? undefined : outputFile(values.save, '--save', ctx.cwd);
  const trace = values.trace === undefined ? undefined : outputFile(values.trace, '--trace', ctx.cwd);

  if (eq !== undefined)
    return solveCollapsed(
      problem,
      loss,
      eq,
      { seed, tol, maxIter, json: values.json === true, certify: values.certify === true, save },
      ctx,
    );
  const t0 = performance.now();
  // Cold-start overhead (issue 13 item 4): ms from process start (performance.timeOrigin) to the solver's start —
  // module loading, flag parsing, problem set-up; `seconds` is the solve alone.
  const startupMs = t0;
  const sol = solveUfm(problem, { seed, solver, tol, step, loss, ...(maxIter !== undefined ? { maxIter } : {}) });
  const seconds = (performance.now() - t0) / 1000;
  const r = sol.result;
  const report = pointReport(problem, r.theta);
  const cert = values.certify === true ? certifyUfmPoint(problem, loss, r.theta, seed) : undefined;
  if (save !== undefined) writePoint(save, problem, r.theta);
  if (trace !== undefined) {
    const rows = traceSolve(problem, { seed, solver, tol, step, loss, ...(maxIter !== undefined ? { maxIter } : {}) });
    writeFileAtomic(trace, formatTrace(rows, traceFormatOf(trace)));
  }
  const exit = r.status === 'converged' ? 0 : 2;
  if (values.json === true) {
    // Numbers or null only (a NaN metric, e.g. NC1 at W = 0, is null with a nonFinite note; src/claim/json.ts).
    ctx.stdout.write(
      `${stringifyJson(
        toResultJson({
          status: r.status,
          value: r.value,
          gradNorm: r.gradNorm,
          iterations: r.iterations,
          seconds,
          startupMs,
          solver: r.solver,
          stages: sol.stages,
          evaluations: r.evaluations,
          seed,
          tol,
          problem: problemToJson(problem),
          metrics: report.metrics,
          bias: report.bias,
          wNormsSq: report.wNormsSq,
          gramW: report.gramW,
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
                  ...(cert.restricted ? { restricted: cert.restricted } : {}),
                },
              }
            : {}),
          ...(save !== undefined ? { saved: save } : {}),
          ...(trace !== undefined ? { trace } : {}),
          exitCode: exit,
        }),
        0,
      )}\n`,
    );
  } else {
    ctx.stdout.write(summaryLines(problem, r, seconds, report, sol.stages).join('\n') + '\n');
    if (cert) ctx.stdout.write(certificateLines(cert).join('\n') + '\n');
    if (save !== undefined) ctx.stdout.write(`saved: ${save}\n`);
    if (trace !== undefined) ctx.stdout.write(`trace: ${trace}\n`);
  }
  return exit;
}

export const solveCommand: Command = {
  name: 'solve',
  summary: 'solve one UFM instance to a certified critical point',
  help: HELP,
  run,
};
