/**
 * `verify --loss ./my-loss.ts` (issue 6 item 3): which claims survive a new loss on the logits.
 *
 * Every registered claim whose instances are plain-UFM problems with loss `base` (by default the CE claims and
 * controls: CE is the loss a new classification loss is meant to replace) is re-run with the plug-in substituted in
 * the instance's problem. The check is the claim's own — the same certified solve and the same CE closed forms — so a
 * variant *passes* when the CE theorem still holds for the new loss and *fails*, with the shrunk instance and the
 * measured-vs-predicted numbers as evidence, when it does not. Controls keep their role (they must still be refuted).
 * Variant ids are `<claim-id>.with-<loss-id>` (loss id lower-cased, other characters → '-'); fixtures store the substituted instance, so they replay as they ran.
 */
import type { Claim, Json } from './claim.ts';

type Obj = { readonly [k: string]: Json };

function isObj(u: unknown): u is Obj {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
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

/** The id suffix for a loss: `ex-ls(0.1)` → `with-ex-ls-0-1`. */
export function lossSuffix(lossId: string): string {
  return `with-${lossId.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`;
}

/** Variants of `claims` that run with `lossId` in place of `base`. */
export function claimsForLoss(claims: readonly Claim[], lossId: string, base: string, sample: (c: Claim) => Json | undefined): Claim[] {
  return claims.filter((c) => usesLoss(c, base, sample)).map((c): Claim => ({
    ...c,
    id: `${c.id}.${lossSuffix(lossId)}`,
    cite: `${c.cite} — with loss '${lossId}' in place of '${base}'`,
    statement: `[${lossId}] ${c.statement}`,
    ...(c.controls !== undefined ? { controls: `${c.controls}.${lossSuffix(lossId)}` } : {}),
    arbitrary: c.arbitrary.map((inst) => substitute(inst, base, lossId)),
    parseInstance: (u: unknown) => c.parseInstance(u),
    check: (inst: Json) => c.check(inst),
  }));
}
