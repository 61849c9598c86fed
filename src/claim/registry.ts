/**
 * Selecting and checking a claim registry (the array exported by properties/index.ts). Kept here, not in
 * properties/, so that the CLI and tests can apply the same rules to an injected registry.
 */
import { UsageError } from '../core/index.ts';
import type { Claim } from './claim.ts';

/** Options of {@link selectClaims}. */
export interface SelectOptions {
  /** Keep only negative controls (`ufmcheck verify --controls`). @defaultValue false */
  readonly controlsOnly?: boolean;
}

/**
 * The claims whose id starts with one of `prefixes` (all claims when `prefixes` is empty), in registry order,
 * each once.
 *
 * @param registry - the claims
 * @param prefixes - id prefixes (plain string prefixes: 'ce.' selects every CE claim, an exact id selects it)
 * @param options - controlsOnly
 * @returns the selection
 * @throws {UsageError} field `--claim` when a prefix matches no claim of the registry (a typo must not pass as
 *   "nothing to verify"); field `--controls` when controlsOnly leaves nothing of a non-empty registry
 * @example
 * selectClaims(claims, ['ce.global']).map((c) => c.id); // => ['ce.global-min.simplex-etf', …]
 */
export function selectClaims<C extends Claim>(
  registry: readonly C[],
  prefixes: readonly string[],
  options: SelectOptions = {},
): C[] {
  for (const p of prefixes) {
    if (!registry.some((c) => c.id.startsWith(p))) {
      throw new UsageError('--claim', `no registered claim id starts with '${p}'`);
    }
  }
  const selected = registry.filter(
    (c) =>
      (prefixes.length === 0 || prefixes.some((p) => c.id.startsWith(p))) &&
      (!options.controlsOnly || c.kind === 'control'),
  );
  if (selected.length === 0 && registry.length > 0) {
    // Only reachable through controlsOnly: a vacuous selection must not pass as a green run.
    throw new UsageError('--controls', 'no negative control matches the selection');
  }
  return selected;
}

/**
 * Problems of a registry: duplicate ids, bad ids, a control without `controls` or pointing at an unknown claim,
 * a claim with `controls`, a `defaultRuns` that is not a positive integer. Empty when it is sound.
 *
 * @param registry - the claims
 * @returns one message per problem
 */
export function registryProblems(registry: readonly Claim[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const c of registry) {
    if (ids.has(c.id)) problems.push(`${c.id}: duplicate id`);
    ids.add(c.id);
    if (!/^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/.test(c.id))
      problems.push(`${c.id}: id must be dotted lower-case '<loss>.<object>.<property>'`);
    if (!Number.isInteger(c.defaultRuns) || c.defaultRuns < 1)
      problems.push(`${c.id}: defaultRuns must be a positive integer`);
  }
  for (const c of registry) {
    if (c.kind === 'control') {
      if (c.controls === undefined) problems.push(`${c.id}: a control must name the claim it shadows (controls)`);
      else if (!registry.some((o) => o.id === c.controls && o.kind === 'claim'))
        problems.push(`${c.id}: controls '${c.controls}', which is not a registered claim`);
    } else if (c.controls !== undefined) {
      problems.push(`${c.id}: only a control has 'controls'`);
    }
  }
  return problems;
}
