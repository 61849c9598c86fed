/**
 * `ufmcheck predict` — what the theory predicts for a loss on one balanced plain-UFM instance (issue 11 item 2): the
 * loss's traits (C), (E), (S) detected numerically, the §10 reduction solved to machine precision (THEORY.md §10;
 * Zhou et al. 2022, arXiv 2210.02192; Guo et al. 2024, arXiv 2402.03979): f*, a*, β, β′, ‖w_k‖², ‖h̄_k‖², the
 * self-duality constant, the bias and the zero threshold, and which statements of §10 apply.
 */
import { UsageError, stringifyJson } from '../../claim/index.ts';
import { resolveLoss } from '../../claim/index.ts';
import { lossProfile } from '../../claim/index.ts';
import { predictLossReduction, type LossReductionPrediction } from '../../theory/index.ts';
import { parseStrict, wantsHelp } from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';
import { int, nonNegative, positive } from '../ufmFlags.ts';

const OPTIONS = {
  loss: { type: 'string' },
  K: { type: 'string' },
  d: { type: 'string' },
  n: { type: 'string' },
  'lambda-w': { type: 'string' },
  'lambda-h': { type: 'string' },
  'lambda-b': { type: 'string' },
  'no-bias': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

const HELP = `Usage: ufmcheck predict --loss ID|FILE --K N --d N --n N [--lambda-w X] [--lambda-h X] [--lambda-b X] [--no-bias] [--json]

What the theory predicts for a loss on a balanced plain-UFM instance (docs/theory.md §10): the loss's traits
(C) convex, (E) permutation-equivariant, (S) shift-invariant — checked numerically, not trusted — and the solution
of the symmetric reduction: f*, the ETF scale a*, W H̄ = αI + β11ᵀ, b = β′1, ‖w_k‖², ‖h̄_k‖², self-duality, bias,
and the threshold κ₀ where the zero solution takes over.

  --loss ID|FILE      ce, mse, ls(ε), focal(γ), tce(τ), la(τ,π₁,…,π_K), wce(w₁,…,w_K), rmse(k,M), or a plug-in module
  --K N --d N --n N   classes ≥ 2, feature dimension ≥ K−1, samples per class
  --lambda-w X        default 5e-4      --lambda-h X   default 5e-4      --lambda-b X   default 0
  --no-bias           b ≡ 0
  --json              exactly one JSON object on stdout
  --verbose           a rejected plug-in: list every failed derivative check, not the first two

Example: npx ufmcheck predict --loss 'ls(0.1)' --K 4 --d 4 --n 3 --lambda-w 5e-3 --lambda-h 1e-2 --lambda-b 1e-2
Exit codes: 0 printed; 64 bad usage (including a plug-in whose declared trait is refuted).
`;

const num = (x: number): string => (Number.isFinite(x) ? x.toPrecision(15).replace(/\.?0+(e|$)/, '$1') : String(x));

/** The prediction as a JSON-ready object (Grams as arrays of rows). */
export function predictionJson(p: LossReductionPrediction): Record<string, unknown> {
  const rows = (M: { rows: number; cols: number; data: Float64Array }): number[][] =>
    Array.from({ length: M.rows }, (_, i) => Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols)));
  return {
    cite: p.cite,
    loss: p.lossId,
    kind: p.kind,
    global: p.global,
    K: p.K,
    d: p.d,
    n: p.n,
    gamma: p.gamma,
    kappa: p.kappa,
    alpha: p.alpha,
    beta: p.beta,
    betaPrime: p.betaPrime,
    q: p.q,
    fStar: p.fStar,
    wNormSq: p.wNormSq,
    hbarNormSq: p.hbarNormSq,
    selfDuality: p.selfDuality,
    selfDual: p.selfDual,
    bias: p.bias,
    threshold: p.threshold,
    gramW: rows(p.gramW),
    gramHbar: rows(p.gramHbar),
    WHbar: rows(p.WHbar),
    statements: p.statements,
  };
}

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const { values: v } = parseStrict(args, OPTIONS, false);
  if (v.loss === undefined)
    throw new UsageError('--loss', 'is required (an id such as ls(0.1) or a plug-in module path)');
  const K = int(v.K, '--K', 2);
  if (K === undefined) throw new UsageError('--K', 'is required (number of classes, ≥ 2)');
  const d = int(v.d, '--d', 1);
  if (d === undefined) throw new UsageError('--d', 'is required (feature dimension, ≥ K−1)');
  if (d < K - 1) throw new UsageError('--d', `must be ≥ K−1 = ${K - 1} (docs/theory.md §10 needs d ≥ K−1); got ${d}`);
  const n = int(v.n, '--n', 1);
  if (n === undefined)
    throw new UsageError('--n', 'is required (samples per class; the reduction needs balanced classes)');
  const lambdaW = positive(v['lambda-w'], '--lambda-w', 5e-4);
  const lambdaH = positive(v['lambda-h'], '--lambda-h', 5e-4);
  const lambdaB = nonNegative(v['lambda-b'], '--lambda-b', 0);
  const bias = v['no-bias'] !== true;
  const loss = await resolveLoss(
    v.loss,
    ctx.cwd,
    '--loss',
    v.verbose === true
      ? (lines) => ctx.stderr.write(`every failed check:\n${lines.map((l) => `  ${l}\n`).join('')}`)
      : undefined,
  );
  const prof = lossProfile(loss);
  let pred: LossReductionPrediction;
  try {
    pred = predictLossReduction(loss, prof.traits, { K, d, n, lambdaW, lambdaH, lambdaB, bias });
  } catch (e) {
    if (e instanceof RangeError && /^K: /.test(e.message)) throw new UsageError('--K', e.message.slice(3));
    throw e;
  }
  if (v.json === true) {
    ctx.stdout.write(
      `${stringifyJson({ traits: { detected: prof.traits, declared: loss.traits, letters: prof.letters, notes: prof.notes, witnesses: { convexInZ: prof.report.convexInZ.witness ?? null, permutationEquivariant: prof.report.permutationEquivariant.witness ?? null, shiftInvariant: prof.report.shiftInvariant.witness ?? null } }, prediction: predictionJson(pred) }, 0)}\n`,
    );
    return 0;
  }
  const out: string[] = [];
  out.push(`loss ${loss.id} — ${loss.cite}`);
  out.push(
    `traits (checked on ${prof.report.convexInZ.samples} sampled logits, K ∈ {${prof.report.Ks.join(', ')}}): ${prof.letters}`,
  );
  for (const t of ['convexInZ', 'permutationEquivariant', 'shiftInvariant'] as const) {
    const r = prof.report[t];
    out.push(`  ${t.padEnd(22)} ${r.holds ? 'holds (not refuted)' : `REFUTED at ${r.witness ?? '?'}`}`);
  }
  for (const note of prof.notes) out.push(`  note: ${note}`);
  out.push(
    `instance: K=${K} d=${d} n=${n} λ_W=${lambdaW} λ_H=${lambdaH} ${bias ? `λ_b=${lambdaB}` : 'bias-free'}; γ = ${num(pred.gamma)}, κ = ${num(pred.kappa)}`,
  );
  out.push(
    `reduction: ${pred.kind}${pred.global ? ' — a global minimizer (theorem)' : pred.kind === 'not applicable' ? '' : ' — a candidate only (no theorem)'}`,
  );
  if (pred.kind !== 'not applicable') {
    out.push(`  f*            ${num(pred.fStar)}`);
    out.push(
      `  a* = α        ${num(pred.alpha)}   (W H̄ = αI + β11ᵀ, β = ${num(pred.beta)}; eigenvalue on 1: q = ${num(pred.q)})`,
    );
    out.push(`  ‖w_k‖²        ${num(pred.wNormSq)}`);
    out.push(`  ‖h̄_k‖²        ${num(pred.hbarNormSq)}`);
    out.push(`  self-duality  H̄ = ${num(pred.selfDuality)}·Wᵀ${pred.selfDual ? '' : ' does NOT hold (W H̄ not PSD)'}`);
    out.push(
      `  bias          ${pred.bias.kind === 'value' ? `b = ${num(pred.bias.value)}·1` : pred.bias.kind === 'span-one' ? 'b ∈ span(1) (λ_b = 0)' : pred.bias.kind === 'zero' ? 'b = 0' : 'absent'}`,
    );
    out.push(
      `  threshold     zero solution for κ ≥ κ₀ = ${num(pred.threshold.kappa0)} (γ₀ = ${num(pred.threshold.gamma0)}); this instance: ${pred.threshold.zero ? 'zero solution' : 'non-zero'}`,
    );
  }
  out.push('statements of docs/theory.md §10:');
  for (const s of pred.statements) out.push(`  [${s.applies ? 'applies' : ' no    '}] ${s.statement} — ${s.why}`);
  ctx.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/** The `predict` command. */
export const predictCommand: Command = {
  name: 'predict',
  summary: 'what docs/theory.md §10 predicts for a loss: traits, f*, ETF scale, norms, threshold',
  help: HELP,
  run,
};
