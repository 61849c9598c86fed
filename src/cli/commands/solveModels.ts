/**
 * `ufmcheck solve --model M` for every registered model (src/certified/registry.ts; issue 14 item 1): the flags a
 * model honours, the "Models" section of the help, and the generic runner — the model's `fromFlags`, one seeded
 * `solve`, and its flat summary printed as JSON (`--json`, plus seconds, seed and exitCode) or as `key: value` lines.
 * The models beyond the plain UFM (issue 5 item 5) run here:
 *   extended / relu — Tirer & Bruna eq. (23)/(24) (THEORY.md §2.4–2.5): one seeded start, L-BFGS then Newton polish;
 *     reports f, ‖∇f‖ and the linear model's f* (σ*, ν) — the landscape is not benign, so a single start may end
 *     at a spurious minimum (the claims use multistart). Flags --lambda-w2 --lambda-w1 --lambda-h1.
 *   ulpm — Ji et al. 2022 (§3): the unregularised CE UFM by fixed-step GD for --max-iter steps (the infimum 0 is not
 *     attained, so there is no 'converged'); reports the loss and the normalised margin vs the min-norm optimum.
 *   fixed-features — Thm 5.1 (§2.6): H = H* + E (--noise, --sigma; H* the bias-free MSE minimizer for --n0), W(H) by
 *     ridge, streamed (O(d² + Kd) memory); reports the fitted scale of W(H) against W* and the predicted limit.
 * The plain UFM has its own runner in solve.ts (certificate, point file, trace, plug-in losses, collapsed solves).
 * Exit codes: 0 certified (extended/relu: ‖∇f‖ ≤ tol; ulpm/fixed-features: finite), 2 inconclusive, 64 bad usage.
 */
import { UsageError, stringifyJson } from '../../claim/index.ts';
import { certifiedModels } from '../../certified/index.ts';
import type { CertifiedModel, FlagValues } from '../../certified/index.ts';
import type { CliContext } from '../context.ts';

/** `--model` and every flag a registered model honours, as parseArgs options. */
export const MODEL_OPTIONS: Readonly<Record<string, { readonly type: 'string' | 'boolean' }>> = {
  model: { type: 'string' },
  ...Object.fromEntries(
    certifiedModels.flatMap((m) => Object.entries(m.flags)).map(([name, type]) => [name, { type }]),
  ),
};

/** The "Models" section of `solve --help`: each registered model's help lines. */
export const MODEL_HELP = `Models (--model, default ${certifiedModels[0]?.id ?? 'ufm'}):\n${certifiedModels.map((m) => m.help ?? '').join('')}`;

/**
 * Rejects a flag the model does not use (issue 12: every flag a command accepts is honoured or rejected, never
 * ignored — e.g. `--save`, `--certify`, `--loss` and `--solver` apply to the plain UFM only).
 *
 * @param model - the --model's model
 * @param given - the names of the flags given (without dashes; `model` itself is ignored)
 * @throws {UsageError} naming the first unused flag and the models that use it
 */
export function checkModelFlags(model: CertifiedModel, given: readonly string[]): void {
  for (const f of given) {
    if (f === 'model' || Object.hasOwn(model.flags, f)) continue;
    const users = certifiedModels.filter((m) => Object.hasOwn(m.flags, f)).map((m) => m.id);
    throw new UsageError(
      `--${f}`,
      `is not used by --model ${model.id}${users.length > 0 ? ` (only by ${users.join(', ')})` : ''}`,
    );
  }
}

/** Runs one model through its certified interface; returns the exit code. */
export function runModel(model: CertifiedModel, v: FlagValues, seed: number, ctx: CliContext): number {
  const { problem, options } = model.fromFlags(v);
  const t0 = performance.now();
  const sol = model.solve(problem, { ...options, seed });
  const seconds = (performance.now() - t0) / 1000;
  const out = sol.summary;
  const exit = sol.exit;
  if (v['json'] === true) ctx.stdout.write(`${stringifyJson({ ...out, seconds, seed, exitCode: exit }, 0)}\n`);
  else
    ctx.stdout.write(
      `${Object.entries({ ...out, seconds })
        .map(([k, x]) => `${k}: ${typeof x === 'number' ? x.toPrecision(8) : String(x)}`)
        .join('\n')}\n`,
    );
  return exit;
}
