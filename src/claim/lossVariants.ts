/**
 * `verify --loss ID|FILE` (issue 11 item 3): which claims judge a loss, and why the others are skipped.
 *
 * A loss is judged by the theory that covers it, not by cross-entropy's constants. The loss-agnostic claims
 * (properties/loss-*.ts) carry {@link LossClaimHooks}: the trait pattern their statement needs ((C) convex, (E)
 * permutation-equivariant, (S) shift-invariant, docs/theory.md §10) and `forLoss`, which re-draws the claim's instances
 * for one loss — on the loss's own side of its own zero threshold κ₀. `selectForLoss` detects the loss's traits
 * numerically (pluginTraits.ts: a declared trait that is refuted is a usage error naming the witness), keeps the loss
 * claims whose requirement the traits meet, and lists every other claim as skipped with the reason.
 *
 * The CE-specific claims are not re-run: their predictions are CE's closed forms (Zhu et al. 2021), which say nothing
 * about another loss (a label-smoothed minimizer is a simplex ETF with different norms). Their `.with-<loss>` variants
 * (the behaviour of issue 6) stay replayable: {@link claimsForLoss} rebuilds them, and {@link variantFor} resolves a
 * fixture id such as `ce.global-min.simplex-etf.with-tce-2`.
 */
import type { Claim, Json } from './claim.ts';
import type { LogitLoss, LossTraits } from '../losses/index.ts';
import { lossProfile } from './pluginTraits.ts';
import { pluginSourceOf } from './pluginSource.ts';
import { UsageError } from '../core/index.ts';
import { lossById } from '../losses/index.ts';

type Obj = { readonly [k: string]: Json };

function isObj(u: unknown): u is Obj {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

/** Per trait: true = must hold, false = must not hold, absent = either. */
export interface TraitRequirement {
  readonly C?: boolean;
  readonly E?: boolean;
  readonly S?: boolean;
}

/** What a loss-agnostic claim adds to {@link Claim}. */
export interface LossClaimHooks {
  readonly requires: TraitRequirement;
  /** The same claim drawing only instances of `lossId`; its id and `controls` get `.${suffix}`. */
  forLoss(lossId: string, suffix: string): Claim;
  /**
   * Optional: a finding that makes the claim moot for this loss although its traits meet the requirement — e.g. a
   * control "the loss does not have CE's constants" for a loss whose §10 prediction IS CE's (issue 11 item 8: reported
   * as what it says about the loss, not as a control the suite cannot refute). Undefined when the claim applies.
   */
  moot?(loss: LogitLoss, traits: LossTraits): string | undefined;
}

/** Type guard: a claim with loss hooks. */
export function isLossClaim(c: Claim): c is Claim & LossClaimHooks {
  const o = c as Partial<LossClaimHooks>;
  return typeof o.forLoss === 'function' && isObj(o.requires as unknown);
}

const LETTER: Readonly<Record<keyof TraitRequirement, keyof LossTraits>> = {
  C: 'convexInZ',
  E: 'permutationEquivariant',
  S: 'shiftInvariant',
};

/** '(C)(E)(S)', '(C)(E) not (S)'. */
export function requirementText(r: TraitRequirement): string {
  const need = (['C', 'E', 'S'] as const)
    .filter((k) => r[k] === true)
    .map((k) => `(${k})`)
    .join('');
  const not = (['C', 'E', 'S'] as const)
    .filter((k) => r[k] === false)
    .map((k) => `(${k})`)
    .join('');
  return `${need}${not !== '' ? `${need !== '' ? ' ' : ''}not ${not}` : ''}` || 'any loss';
}

/** Why traits fail a requirement, or undefined when they meet it. */
export function unmet(r: TraitRequirement, t: LossTraits): string | undefined {
  const bad: string[] = [];
  for (const k of ['C', 'E', 'S'] as const) {
    const want = r[k];
    if (want === undefined) continue;
    if (t[LETTER[k]] !== want) bad.push(want ? `(${k}) does not hold` : `(${k}) holds`);
  }
  return bad.length === 0 ? undefined : `needs ${requirementText(r)}; ${bad.join(', ')}`;
}

/** The id suffix for a loss: `ex-ls(0.1)` → `with-ex-ls-0-1`. */
export function lossSuffix(lossId: string): string {
  return `with-${lossId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')}`;
}

/** The claims `verify --loss` runs and the ones it skips, with reasons. */
export interface LossSelection {
  readonly claims: readonly Claim[];
  readonly skipped: readonly { readonly id: string; readonly why: string }[];
  /** Trait notes (undeclared traits detected) and the detected trait letters. */
  readonly notes: readonly string[];
}

/**
 * Selects the claims that judge `loss` (see the file comment).
 *
 * @param registry - the registered claims and controls
 * @param loss - the loss (built-in, catalogue member or loaded plug-in)
 * @returns the variants to run (ids `<claim>.with-<loss>`), the skipped claims with reasons, and trait notes
 * @throws {UsageError} '--loss' when a declared trait is refuted (pluginTraits.ts)
 */
export function selectForLoss(registry: readonly Claim[], loss: LogitLoss): LossSelection {
  const prof = lossProfile(loss);
  const suffix = lossSuffix(loss.id);
  const claims: Claim[] = [];
  const skipped: { id: string; why: string }[] = [];
  for (const c of registry) {
    if (!isLossClaim(c)) {
      skipped.push({
        id: c.id,
        why: "a theorem of a specific loss or model; its predictions are not this loss's (the loss.* claims carry the §10 predictions)",
      });
      continue;
    }
    const why = unmet(c.requires, prof.traits);
    const finding = why === undefined ? c.moot?.(loss, prof.traits) : undefined;
    if (why !== undefined) skipped.push({ id: c.id, why });
    else if (finding !== undefined) skipped.push({ id: c.id, why: `finding about '${loss.id}': ${finding}` });
    else claims.push(withSource(c.forLoss(loss.id, suffix), loss.id));
  }
  const notes = [
    `loss '${loss.id}': detected traits ${prof.letters} (C convex, E permutation-equivariant, S shift-invariant; '-' = refuted, witness in ufmcheck predict)`,
    ...prof.notes,
  ];
  return { claims, skipped, notes };
}

/**
 * A plug-in loss's variant draws instances that record the module (`lossModule: {path, sha256}`), so that the
 * fixtures verify writes can be replayed later (pluginPoint.ts preloads it); built-in and catalogue losses need none.
 */
function withSource(c: Claim, lossId: string): Claim {
  const src = pluginSourceOf(lossId);
  if (src === undefined) return c;
  const rec: Json = { path: src.path, sha256: src.sha256 };
  return { ...c, arbitrary: c.arbitrary.map((inst) => (isObj(inst) ? { ...inst, lossModule: rec } : inst)) };
}

/**
 * The claim of a fixture id written by `verify --loss` (`<claim>.with-<loss>`), for replay: undefined when the id has
 * no such form or names no registered claim.
 *
 * @param id - the fixture's claim id
 * @param instance - the fixture's instance (its `problem.loss` names the loss; `lossModule` the plug-in, if any)
 * @param registry - the registered claims
 * @throws {UsageError} 'fixture.instance.problem.loss' when the loss is not registered (a plug-in that could not be
 *   loaded: the message names the recorded module and how to replay with --loss)
 */
export function lossVariantFor(id: string, instance: Json, registry: readonly Claim[]): Claim | undefined {
  if (!id.includes('.with-') || !isObj(instance) || !isObj(instance['problem'])) return undefined;
  const lossId = instance['problem']['loss'];
  if (typeof lossId !== 'string') return undefined;
  try {
    lossById(lossId);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const mod = isObj(instance['lossModule']) ? instance['lossModule']['path'] : undefined;
    throw new UsageError(
      'fixture.instance.problem.loss',
      `'${id}' ran with the plug-in loss '${lossId}'${typeof mod === 'string' ? ` (${mod})` : ''}, which is not loaded${typeof mod === 'string' ? ' (missing or changed since; see the sha256 in the fixture)' : ''}: re-run it with npx ufmcheck verify --claim ${id} --loss FILE`,
    );
  }
  return variantFor(id, registry, lossId);
}

/** The instance with `problem.loss` replaced (unchanged when it has no such field or another loss). */
function substitute(inst: Json, from: string, to: string): Json {
  if (!isObj(inst) || !isObj(inst['problem']) || inst['problem']['loss'] !== from) return inst;
  return { ...inst, problem: { ...inst['problem'], loss: to } };
}

/** Whether a claim's instances carry `problem.loss === base` (probed on one generated instance). */
export function usesLoss(claim: Claim, base: string, sample: (c: Claim) => Json | undefined): boolean {
  const x = sample(claim);
  return isObj(x) && isObj(x['problem']) && x['problem']['loss'] === base;
}

/** One `.with-<loss>` variant of a claim (issue 6 behaviour): the same check with `lossId` substituted for `base`. */
function variant(c: Claim, lossId: string, base: string): Claim {
  return {
    ...c,
    id: `${c.id}.${lossSuffix(lossId)}`,
    cite: `${c.cite} — with loss '${lossId}' in place of '${base}'`,
    statement: `[${lossId}] ${c.statement}`,
    ...(c.controls !== undefined ? { controls: `${c.controls}.${lossSuffix(lossId)}` } : {}),
    arbitrary: c.arbitrary.map((inst) => substitute(inst, base, lossId)),
    parseInstance: (u: unknown) => c.parseInstance(u),
    check: (inst: Json) => c.check(inst),
  };
}

/** Variants of `claims` that run with `lossId` in place of `base` (the issue-6 CE substitution, kept for replay). */
export function claimsForLoss(
  claims: readonly Claim[],
  lossId: string,
  base: string,
  sample: (c: Claim) => Json | undefined,
): Claim[] {
  return claims.filter((c) => usesLoss(c, base, sample)).map((c) => variant(c, lossId, base));
}

/**
 * Resolves a variant id written by `verify --loss` — `<claim>.with-<loss>` — against the registry, for replay: a
 * loss claim's `forLoss` variant, or an issue-6 CE substitution. The loss is named by the fixture's instance
 * (`problem.loss`), which must be registered (a catalogue id, or a plug-in loaded first).
 *
 * @param id - the fixture's claim id
 * @param registry - the registered claims
 * @param lossId - `problem.loss` of the fixture's instance
 * @returns the variant, or undefined when `id` is not `<registered id>.with-<suffix of lossId>`
 */
export function variantFor(id: string, registry: readonly Claim[], lossId: string): Claim | undefined {
  const suffix = lossSuffix(lossId);
  if (!id.endsWith(`.${suffix}`)) return undefined;
  const baseId = id.slice(0, -(suffix.length + 1));
  const base = registry.find((c) => c.id === baseId);
  if (base === undefined) return undefined;
  if (isLossClaim(base)) return base.forLoss(lossId, suffix);
  return variant(base, lossId, 'ce');
}

/** Hunts for losses outside the §10 hypotheses (properties/conjectures/loss-*.ts). */
const HUNTS: readonly { readonly when: (t: LossTraits) => boolean; readonly text: string }[] = [
  {
    when: (t) => !t.convexInZ && t.permutationEquivariant,
    text: 'not convex: is the symmetric candidate global? npx ufmcheck hunt loss.focal.symmetric-is-global (or --conjecture your own)',
  },
  {
    when: (t) => !t.permutationEquivariant,
    text: 'not permutation-equivariant: minimizers are generally not a simplex ETF; npx ufmcheck hunt loss.non-equivariant.simplex-etf',
  },
];

/**
 * What `verify --loss` prints before its report: the detected traits, the claims skipped with their reasons, and the
 * hunts that replace the skipped theorems.
 */
export function lossSelectionText(sel: LossSelection, loss: LogitLoss): string {
  const out = [...sel.notes];
  const lossSkips = sel.skipped.filter((s) => s.id.startsWith('loss.'));
  const others = sel.skipped.length - lossSkips.length;
  for (const s of lossSkips) out.push(`skipped ${s.id}: ${s.why}`);
  if (others > 0)
    out.push(
      `skipped ${others} claims of specific losses and models (CE/MSE closed forms, extended, ReLU, ULPM, fixed features): their predictions are not this loss's`,
    );
  const t = lossProfile(loss).traits;
  for (const h of HUNTS) if (h.when(t)) out.push(`hunt: ${h.text}`);
  if (sel.claims.length === 0) out.push(`no loss-agnostic claim applies to '${loss.id}' — see the hunts above`);
  return `${out.join('\n')}\n\n`;
}
