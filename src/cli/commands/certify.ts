/**
 * `ufmcheck certify --point FILE [--json] [--global]` — the second-order certificate of a stored point
 * {gradNorm, lambdaMin, residual, kind, value} (issue 4 item 5; kinds local-min / strict-saddle / degenerate /
 * inconclusive, rotation zero-modes discounted), and with --global the convex lower bound f_lb ≤ f* and the gap
 * f − f_lb (issue 6 item 2). Exit 0 when certified (any kind but inconclusive), 2 when inconclusive, 64 bad usage.
 */
import { resolve } from 'node:path';
import { UsageError, stringifyJson } from '../../claim/index.ts';
import { parseInputJson, readInputText, readPointWithLoss } from '../../claim/index.ts';
import { certifyModelPoint, pointModel } from './certifyModel.ts';
import { certifyUfmPoint } from '../../certified/index.ts';
import { globalLowerBound, rankCaveat } from '../../certify/index.ts';
import { lossById } from '../../losses/index.ts';
import { parseSeed, parseStrict, wantsHelp } from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';
import { certificateLines, problemLine } from '../format/solveText.ts';
import { positive } from '../ufmFlags.ts';
import { memoryBudget } from '../memoryBudget.ts';
import { checkMemory } from '../../models/index.ts';

const OPTIONS = {
  point: { type: 'string' },
  json: { type: 'boolean' },
  global: { type: 'boolean' },
  seed: { type: 'string' },
  'grad-tol': { type: 'string' },
  loss: { type: 'string' },
} as const;

const HELP = `Usage: ufmcheck certify --point FILE [--json] [--global] [--seed S] [--grad-tol X]

Second-order certificate of a point file: ‖∇f‖, λ_min of the Hessian by Lanczos on exact Hessian-vector products
(with its residual ‖∇²f v − λv‖), and the kind: local-min (λ_min ≥ −tol once the O(d) rotation zero-modes are
discounted), strict-saddle (λ_min ≤ −tol with a certified residual), degenerate, or inconclusive.

Options:
  --point FILE     the point file (required)
  --loss FILE      the plug-in module of a point saved with solve --loss FILE (default: the one recorded in the point)
  --global         add the convex lower bound f_lb ≤ f* and the gap f − f_lb (THEORY.md §0.3). When d is below
                   the rank of the relaxation's optimum (CE: d < K−1) the relaxation ignores rank ≤ d, so the
                   gap is no certificate of non-optimality: relaxationIgnoresRank: true and a note say so
  --seed S         Lanczos start-vector seed (default 1)
  --grad-tol X     largest ‖∇f‖ that counts as critical (default 1e-8)
  --json           one object {gradNorm, lambdaMin, residual, kind, value[, global]}; global carries
                   relaxationIgnoresRank, relaxationRank and note
  -h, --help       this help

Exit codes: 0 certified; 2 inconclusive; 64 bad usage or a malformed point file.
`;

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const { values } = parseStrict(args, OPTIONS, false);
  if (values.point === undefined) throw new UsageError('--point', 'is required');
  const seed = values.seed === undefined ? 1 : parseSeed(values.seed, '--seed');
  const gradTol = positive(values['grad-tol'], '--grad-tol', 1e-8);
  // A point of another registered model (its `model` field) certifies through its CertifiedModel (certifyModel.ts).
  const file = resolve(ctx.cwd, values.point);
  const u = parseInputJson(readInputText(file, '--point'), 'point', file);
  const other = pointModel(u);
  if (other !== undefined)
    return certifyModelPoint(other, u, { seed, gradTol, json: values.json === true, given: values }, ctx);
  // A plug-in loss recorded in the point (path + sha256) is reloaded, or taken from --loss (issue 11 item 7).
  const { problem, theta } = await readPointWithLoss(file, ctx.cwd, values.loss);
  checkMemory(problem, 'certify', memoryBudget(ctx.env), '--point');
  const loss = lossById(problem.loss);
  const c = certifyUfmPoint(problem, loss, theta, seed, gradTol);
  const g = values.global === true ? globalLowerBound(problem, loss, theta) : undefined;
  const rc = g?.supported === true ? rankCaveat(problem, loss) : undefined;
  const exit = c.kind === 'inconclusive' ? 2 : 0;
  if (values.json === true) {
    ctx.stdout.write(
      `${stringifyJson(
        {
          gradNorm: c.gradNorm,
          lambdaMin: c.lambdaMin,
          residual: c.residual,
          kind: c.kind,
          value: c.value,
          lambdaMax: c.lambdaMax,
          tolerance: c.tolerance,
          why: c.why,
          ...(c.restricted ? { restricted: c.restricted } : {}),
          ...(g
            ? {
                global: {
                  supported: g.supported,
                  lowerBound: g.lowerBound,
                  gap: g.gap,
                  value: g.value,
                  gradSpectralNorm: g.gradSpectralNorm,
                  mu: g.mu,
                  why: g.why,
                  ...(rc
                    ? {
                        relaxationIgnoresRank: rc.relaxationIgnoresRank,
                        relaxationRank: rc.relaxationRank ?? null,
                        note: rc.note,
                      }
                    : {}),
                },
              }
            : {}),
          exitCode: exit,
        },
        0,
      )}\n`,
    );
  } else {
    ctx.stdout.write([problemLine(problem), `f = ${c.value}`, ...certificateLines(c)].join('\n') + '\n');
    if (g)
      ctx.stdout.write(
        g.supported
          ? `global: f_lb = ${g.lowerBound} ≤ f* ≤ f = ${g.value}; gap ${g.gap.toExponential(3)}\n`
          : `global: unsupported (${g.why})\n`,
      );
    if (rc?.relaxationIgnoresRank === true) ctx.stdout.write(`  note: ${rc.note}\n`);
  }
  return exit;
}

export const certifyCommand: Command = {
  name: 'certify',
  summary: 'second-order (and --global) certificate of a point',
  help: HELP,
  run,
};
