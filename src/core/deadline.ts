/**
 * A cooperative deadline for one claim check (issue 12 item 3: `verify --timeout-per-run` must stop a slow solve,
 * not judge it after it returns). The runner (src/claim/run.ts) arms it around `claim.check`; the iterative
 * kernels — L-BFGS, trust-region Newton-CG, gradient descent, Lanczos — call {@link checkDeadline} once per
 * iteration, which throws a {@link DeadlineError} past the deadline. The runner counts that run inconclusive
 * (timed out), never failed.
 *
 * Ambient state is deliberate: a deadline threaded through every solver, certificate and claim signature would
 * touch every layer for a concern none of them owns. Nothing else reads or writes it; one check runs at a time in a
 * thread (workers each have their own module instance).
 */

/** Thrown by {@link checkDeadline} when the armed deadline has passed. */
export class DeadlineError extends Error {
  constructor(readonly budgetMs: number) {
    super(`deadline of ${budgetMs} ms exceeded`);
    this.name = 'DeadlineError';
  }
}

let deadlineAt = Number.POSITIVE_INFINITY;
let budget = 0;

/**
 * Runs `f` with a deadline `ms` from now (nested calls keep the earlier deadline), restoring the previous one after.
 *
 * @throws whatever `f` throws, including DeadlineError
 */
export function withDeadline<T>(ms: number | undefined, f: () => T): T {
  if (ms === undefined) return f();
  const prevAt = deadlineAt,
    prevBudget = budget;
  const at = performance.now() + ms;
  if (at < deadlineAt) {
    deadlineAt = at;
    budget = ms;
  }
  try {
    return f();
  } finally {
    deadlineAt = prevAt;
    budget = prevBudget;
  }
}

/** Throws DeadlineError when the armed deadline has passed (cheap: one clock read). */
export function checkDeadline(): void {
  if (deadlineAt !== Number.POSITIVE_INFINITY && performance.now() > deadlineAt) throw new DeadlineError(budget);
}
