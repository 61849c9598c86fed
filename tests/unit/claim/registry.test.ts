import { describe, expect, it } from 'vitest';
import { registryProblems, selectClaims, type Claim } from '../../../src/claim/index.ts';
import { UsageError } from '../../../src/core/index.ts';
import { claims, findClaims } from '../../../properties/index.ts';
import { boundControl, falseClaim, toothlessControl, trueClaim } from './fakes.ts';

const registry: readonly Claim[] = [
  trueClaim().claim,
  boundControl().claim,
  falseClaim().claim,
  toothlessControl().claim,
];

describe('selectClaims', () => {
  it('should select by id prefix in registry order, each claim once', () => {
    // Act
    const ids = selectClaims(registry, ['fake.x.at-most', 'fake.x.at-most-1000']).map((c) => c.id);
    // Assert
    expect(ids).toEqual(['fake.x.at-most-1000', 'fake.x.at-most-100']);
  });

  it('should select everything for no prefix, and only controls with controlsOnly', () => {
    expect(selectClaims(registry, [])).toHaveLength(4);
    expect(selectClaims(registry, [], { controlsOnly: true }).map((c) => c.id)).toEqual([
      'fake.x.at-most-100',
      'fake.x.nonnegative',
    ]);
  });

  it('should reject a controls-only selection that leaves nothing, so it cannot pass vacuously', () => {
    // Arrange
    const claimsOnly: readonly Claim[] = [trueClaim().claim, falseClaim().claim];
    // Act / Assert
    expect(() => selectClaims(claimsOnly, [], { controlsOnly: true })).toThrow(/^--controls: /);
    expect(() => selectClaims(registry, ['fake.x.below'], { controlsOnly: true })).toThrow(/^--controls: /);
    expect(selectClaims([], [], { controlsOnly: true })).toEqual([]);
  });

  it('should reject a prefix that matches nothing with a usage error naming --claim', () => {
    // Act
    const act = (): unknown => selectClaims(registry, ['fake.x', 'ce.typo']);
    // Assert
    expect(act).toThrow(UsageError);
    expect(act).toThrow(/^--claim: .*'ce\.typo'/);
  });
});

describe('registryProblems', () => {
  it('should accept a sound registry', () => {
    expect(registryProblems(registry)).toEqual([]);
  });

  it('should report duplicate ids, orphan controls, and bad defaultRuns', () => {
    // Arrange
    const t = trueClaim().claim;
    const orphan: Claim = { ...boundControl().claim, controls: 'fake.x.missing' } as Claim;
    const noRuns: Claim = { ...falseClaim().claim, defaultRuns: 0 } as Claim;
    // Act
    const problems = registryProblems([t, t, orphan, noRuns]);
    // Assert
    expect(problems).toEqual([
      'fake.x.at-most-1000: duplicate id',
      'fake.x.below-100: defaultRuns must be a positive integer',
      "fake.x.at-most-100: controls 'fake.x.missing', which is not a registered claim",
    ]);
  });
});

describe('properties/index.ts', () => {
  it('should export a sound registry and a findClaims over it', () => {
    expect(registryProblems(claims)).toEqual([]);
    expect(findClaims([])).toEqual([...claims]);
  });
});
