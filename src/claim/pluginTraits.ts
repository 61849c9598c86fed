/**
 * The traits a loss is judged by (issue 11 item 1): the §10 hypotheses (C), (E), (S) detected numerically
 * (losses/traitCheck.ts), compared with what the loss declares. A declared trait the samples refute is an error naming
 * the trait and the witness; a detected trait the loss did not declare is reported and used. Cached per loss object.
 */
import { UsageError } from '../core/index.ts';
import {
  detectTraits,
  TRAIT_LETTER,
  traitLetters,
  type LogitLoss,
  type LossTraits,
  type TraitReport,
} from '../losses/index.ts';

/** What the suite relies on for a loss. */
export interface LossProfile {
  readonly loss: LogitLoss;
  readonly report: TraitReport;
  /** The detected traits (equal to the declared ones unless the loss under-declared). */
  readonly traits: LossTraits;
  /** 'CES', 'C-S', … */
  readonly letters: string;
  /** One line per undeclared-but-detected trait. */
  readonly notes: readonly string[];
}

const cache = new WeakMap<LogitLoss, LossProfile>();

/**
 * Detects a loss's traits and checks its declarations.
 *
 * @param loss - built-in or plug-in
 * @param field - the flag named in errors @defaultValue '--loss'
 * @param display - how to name the loss @defaultValue its id
 * @throws {UsageError} naming `field` when a declared trait is refuted (trait and witness in the message)
 * @example
 * lossProfile(lossById('wce(1,2,1)')).letters; // => 'C-S'
 */
export function lossProfile(loss: LogitLoss, field = '--loss', display = `loss '${loss.id}'`): LossProfile {
  const hit = cache.get(loss);
  if (hit !== undefined) return hit;
  const report = detectTraits(loss);
  if (report.refuted.length > 0) throw new UsageError(field, `${display} ${report.refuted.join('; ')}`);
  const notes = report.undeclared.map(
    (t) =>
      `${display} does not declare ${t} (${TRAIT_LETTER[t]}), but it holds on all ${report[t].samples} samples: used as detected`,
  );
  const p: LossProfile = { loss, report, traits: report.detected, letters: traitLetters(report.detected), notes };
  cache.set(loss, p);
  return p;
}
