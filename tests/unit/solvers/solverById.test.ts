import { describe, it, expect } from 'vitest';
import { SOLVER_IDS, isSolverId, solverById, gradientDescent, lbfgs, trustRegion } from '../../../src/solvers/index.ts';
import { diagQuadratic } from './testObjectives.ts';

describe('solverById', () => {
  it('should map each id to its solver', () => {
    expect(solverById('gd')).toBe(gradientDescent);
    expect(solverById('lbfgs')).toBe(lbfgs);
    expect(solverById('newton')).toBe(trustRegion);
  });

  it('should give solvers that all converge on a well-conditioned quadratic and name themselves', () => {
    // Arrange
    const obj = diagQuadratic(Float64Array.of(1, 2, 3), Float64Array.of(1, -1, 2));
    for (const id of SOLVER_IDS) {
      // Act
      const r = solverById(id)(obj, new Float64Array(3), { tol: 1e-10 });
      // Assert
      expect(r.status).toBe('converged');
      expect(r.solver).toBe(id);
      expect(r.gradNorm).toBeLessThanOrEqual(1e-10);
    }
  });

  it('should recognise ids and reject unknown ones', () => {
    expect(isSolverId('lbfgs')).toBe(true);
    expect(isSolverId('adam')).toBe(false);
    expect(() => solverById('adam' as 'gd')).toThrow(RangeError);
  });
});
