/**
 * Coverage classes of the registry (issue 9 item 1): every declared class draws only its own instances (disjoint,
 * self-consistent strata), so "class X got m certified runs" means the branch X of the theorem was exercised.
 */
import { describe, expect, it } from 'vitest';
import { classProblems } from '../../src/claim/index.ts';
import { claims } from '../../properties/index.ts';

describe('coverage classes of the registered claims', () => {
  it('should draw every class only from instances that belong to it and to no other class', () => {
    // Arrange
    const withClasses = claims.filter((c) => c.classes !== undefined);
    // Act
    const problems = withClasses.flatMap((c) => classProblems(c, 30));
    // Assert
    expect(withClasses.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
