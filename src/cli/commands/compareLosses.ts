/**
 * `ufmcheck compare-losses ID|FILE…` (issue 11 item 5): one matrix, losses × (traits, the §10 prediction on a
 * reference instance — a*, ‖w_k‖², f*, the threshold κ₀ — and each loss-agnostic claim's verdict for that loss), in the
 * terminal or as JSON. A claim whose hypotheses the loss's detected traits do not meet is shown as skipped with the
 * reason (src/claim/lossVariants.ts); a plug-in whose declared trait is refuted is shown with the witness.
 * THEORY.md §10; Zhou et al. 2022 (arXiv 2210.02192); Guo et al. 2024 (arXiv 2402.03979).
 */
import { judgeRecord, runClaim, stringifyJson, UsageError } from '../../claim/index.ts';
import type { Claim } from '../../claim/index.ts';
import { isLossClaim, selectForLoss } from '../../claim/index.ts';
import { resolveLoss } from '../../claim/index.ts';
import { lossProfile, type LossProfile } from '../../claim/index.ts';
import { predictLossReduction, type LossReductionPrediction } from '../../theory/index.ts';
import { parsePositiveInt, parseSeed, parseStrict, wantsHelp } from '../args.ts';
import type { Command } from '../command.ts';
import type { CliContext } from '../context.ts';
import { int, nonNegative, positive } from '../ufmFlags.ts';

const OPTIONS = {
  K: { type: 'string' },
  d: { type: 'string' },
  n: { type: 'string' },
  'lambda-w': { type: 'string' },
  'lambda-h': { type: 'string' },
  'lambda-b': { type: 'string' },
  'no-bias': { type: 'boolean' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  'min-per-class': { type: 'string' },
  'no-claims': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

const HELP = `Usage: ufmcheck compare-losses ID|FILE... [options]

One matrix: losses × (traits (C)(E)(S) as detected, the docs/theory.md §10 prediction on a reference instance —
a*, ‖w_k‖², f*, zero threshold κ₀ — and the verdict of every loss-agnostic claim (loss.*) run for that loss).

  ID|FILE             ce, mse, ls(ε), focal(γ), tce(τ), la(τ,π…), wce(w…), rmse(k,M), or plug-in modules
  --K N --d N --n N   reference instance (default K=4, d=5, n=3)
  --lambda-w X --lambda-h X --lambda-b X   (default 5e-3, 1e-2, 1e-2)   --no-bias
  --runs N            runs per claim (default 6)      --seed S   fast-check seed (default 1)
  --min-per-class M   certified runs per coverage class (default 1)
  --no-claims         traits and predictions only
  --json              exactly one JSON object on stdout
  --verbose           a rejected plug-in: list every failed derivative check, not the first two

Exit codes: 0 every run claim passed; 1 a claim failed for some loss; 2 inconclusive; 64 bad usage.
`;

interface Row {
  readonly spec: string;
  readonly id: string;
  readonly profile?: LossProfile;
  readonly traitError?: string;
  readonly prediction?: LossReductionPrediction;
  readonly claims: Readonly<
    Record<
      string,
      { readonly outcome: string; readonly runs?: number; readonly margin?: number | null; readonly why?: string }
    >
  >;
}

const short = (x: number, p = 6): string =>
  Number.isFinite(x) ? Number(x.toPrecision(p)).toString() : x !== x ? '—' : String(x);

async function run(args: readonly string[], ctx: CliContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const { values: v, positionals } = parseStrict(args, OPTIONS, true);
  if (positionals.length === 0) throw new UsageError('loss', 'give at least one loss id or plug-in file');
  const K = int(v.K, '--K', 2) ?? 4;
  const d = int(v.d, '--d', 1) ?? 5;
  if (d < K - 1) throw new UsageError('--d', `must be ≥ K−1 = ${K - 1}; got ${d}`);
  const n = int(v.n, '--n', 1) ?? 3;
  const inst = {
    K,
    d,
    n,
    lambdaW: positive(v['lambda-w'], '--lambda-w', 5e-3),
    lambdaH: positive(v['lambda-h'], '--lambda-h', 1e-2),
    lambdaB: nonNegative(v['lambda-b'], '--lambda-b', 1e-2),
    bias: v['no-bias'] !== true,
  };
  const runs = v.runs === undefined ? 6 : parsePositiveInt(v.runs, '--runs', 100_000);
  const seed = v.seed === undefined ? 1 : parseSeed(v.seed, '--seed');
  const minPerClass =
    v['min-per-class'] === undefined ? 1 : parsePositiveInt(v['min-per-class'], '--min-per-class', 1000);
  const losses = [];
  for (const spec of positionals)
    losses.push({
      spec,
      loss: await resolveLoss(
        spec,
        ctx.cwd,
        'loss',
        v.verbose === true
          ? (lines) => ctx.stderr.write(`every failed check:\n${lines.map((l) => `  ${l}\n`).join('')}`)
          : undefined,
      ),
    });
  const registry = await ctx.loadRegistry();
  const claimIds = registry.filter((c) => isLossClaim(c) && c.kind === 'claim').map((c) => c.id);
  const rows: Row[] = [];
  let exit = 0;
  for (const { spec, loss } of losses) {
    let profile: LossProfile;
    try {
      profile = lossProfile(loss);
    } catch (e) {
      rows.push({ spec, id: loss.id, traitError: e instanceof Error ? e.message : String(e), claims: {} });
      exit = Math.max(exit, 1);
      continue;
    }
    let prediction: LossReductionPrediction | undefined;
    try {
      prediction = predictLossReduction(loss, profile.traits, inst);
    } catch {
      prediction = undefined;
    }
    const claims: Record<string, Row['claims'][string]> = {};
    if (v['no-claims'] !== true) {
      const sel = selectForLoss(
        registry.filter((c) => isLossClaim(c) && c.kind === 'claim'),
        loss,
      );
      for (const s of sel.skipped) claims[s.id] = { outcome: 'skipped', why: s.why };
      for (const c of sel.claims as readonly Claim[]) {
        const base = claimIds.find((id) => c.id.startsWith(`${id}.with-`)) ?? c.id;
        const rec = runClaim(c, { seed, runs, minPerClass });
        const outcome = judgeRecord(rec);
        if (outcome === 'fail' || outcome === 'error') exit = Math.max(exit, 1);
        else if (outcome === 'inconclusive') exit = Math.max(exit, exit === 1 ? 1 : 2);
        claims[base] = { outcome, runs: rec.runs, margin: rec.worstMargin };
      }
    }
    rows.push({ spec, id: loss.id, profile, ...(prediction !== undefined ? { prediction } : {}), claims });
  }
  if (v.json === true) {
    ctx.stdout.write(
      `${stringifyJson(
        {
          instance: inst,
          seed,
          runs,
          minPerClass,
          claims: claimIds,
          losses: rows.map((r) => ({
            spec: r.spec,
            id: r.id,
            ...(r.traitError !== undefined ? { traitError: r.traitError } : {}),
            ...(r.profile !== undefined
              ? {
                  traits: r.profile.letters,
                  detected: r.profile.traits,
                  witnesses: {
                    C: r.profile.report.convexInZ.witness ?? null,
                    E: r.profile.report.permutationEquivariant.witness ?? null,
                    S: r.profile.report.shiftInvariant.witness ?? null,
                  },
                  notes: r.profile.notes,
                }
              : {}),
            ...(r.prediction !== undefined
              ? {
                  prediction: {
                    kind: r.prediction.kind,
                    global: r.prediction.global,
                    alpha: r.prediction.alpha,
                    q: r.prediction.q,
                    wNormSq: r.prediction.wNormSq,
                    hbarNormSq: r.prediction.hbarNormSq,
                    fStar: r.prediction.fStar,
                    kappa: r.prediction.kappa,
                    kappa0: r.prediction.threshold.kappa0,
                    bias: r.prediction.bias,
                  },
                }
              : {}),
            claims: r.claims,
          })),
          exitCode: exit,
        },
        0,
      )}\n`,
    );
    return exit;
  }
  const heads = ['loss', 'traits', 'κ₀', 'a*', '‖w‖²', 'f*', ...claimIds.map((id) => id.replace(/^loss\./, ''))];
  const table: string[][] = rows.map((r) => {
    const p = r.prediction;
    const pk = p !== undefined && p.kind !== 'not applicable';
    return [
      r.id,
      r.profile?.letters ?? 'REFUTED',
      pk ? short(p.threshold.kappa0) : '—',
      pk ? `${short(p.alpha)}${p.global ? '' : '?'}` : '—',
      pk ? short(p.wNormSq) : '—',
      pk ? short(p.fStar, 12) : '—',
      ...claimIds.map((id) => {
        const c = r.claims[id];
        if (c === undefined) return '—';
        return c.outcome === 'skipped' ? 'skip' : `${c.outcome} ${c.runs ?? 0}`;
      }),
    ];
  });
  const widths = heads.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  out.push(
    `ufmcheck compare-losses — reference instance K=${K} d=${d} n=${n} λ_W=${inst.lambdaW} λ_H=${inst.lambdaH} ${inst.bias ? `λ_b=${inst.lambdaB}` : 'bias-free'}; claims: seed ${seed}, ${runs} runs, ≥ ${minPerClass} per class`,
  );
  out.push(line(heads), line(widths.map((w) => '-'.repeat(w))), ...table.map(line));
  out.push(
    'traits: C convex, E permutation-equivariant, S shift-invariant (checked numerically; "-" = refuted). a* with "?": a candidate, not a theorem (no (C)).',
  );
  for (const r of rows) {
    if (r.traitError !== undefined) out.push(`${r.id}: ${r.traitError}`);
    for (const note of r.profile?.notes ?? []) out.push(`${r.id}: ${note}`);
    const skips = Object.entries(r.claims).filter(([, c]) => c.outcome === 'skipped');
    if (skips.length > 0)
      out.push(
        `${r.id}: skipped ${skips.map(([id, c]) => `${id.replace(/^loss\./, '')} (${c.why ?? ''})`).join('; ')}`,
      );
  }
  ctx.stdout.write(`${out.join('\n')}\n`);
  return exit;
}

/** The `compare-losses` command. */
export const compareLossesCommand: Command = {
  name: 'compare-losses',
  summary: 'losses × (traits, §10 prediction, loss-claim verdicts) in one matrix',
  help: HELP,
  run,
};
