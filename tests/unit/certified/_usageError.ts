/** The UsageError that f throws (any other error is rethrown; no throw at all fails the test). */
import { UsageError } from '../../../src/core/index.ts';

export function usageError(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}
