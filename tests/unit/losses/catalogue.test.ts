/**
 * The loss catalogue (issue 11 item 4): every family member's derivatives pass the Taylor-slope test (gradient slope 2,
 * Hessian slope 3, HVP slope 2; src/claim/pluginCheck.ts), its declared traits agree with the numerical trait check
 * (src/losses/traitCheck.ts), and the ids parse, canonicalise and reject bad parameters.
 */
import { describe, expect, it } from 'vitest';
import { checkLossDerivatives } from '../../../src/claim/index.ts';
import { createRng, matOf } from '../../../src/core/index.ts';
import { ce, columnLoss, detectTraits, lossById, mse, traitLetters } from '../../../src/losses/index.ts';
import type { LogitLoss } from '../../../src/losses/index.ts';

const catalogue: readonly [string, string][] = [
  ['ce', 'CES'],
  ['mse', 'CE-'],
  ['ls(0.1)', 'CES'],
  ['ls(0.3)', 'CES'],
  ['focal(2)', '-ES'],
  ['focal(1)', '-ES'],
  ['tce(2)', 'CES'],
  ['tce(0.5)', 'CES'],
  ['la(1,0.5,0.3,0.2)', 'C-S'],
  ['la(1,1,1,1)', 'CES'],
  ['wce(1,2,1)', 'C-S'],
  ['wce(2,2,2)', 'CES'],
  ['rmse(1,1)', 'CE-'],
  ['rmse(2,5)', 'CE-'],
];

/** The checker's cases at the K a loss with per-class parameters fixes (la, wce). */
function casesFor(loss: LogitLoss): { K: number; N: number; scale: number }[] | undefined {
  const m = /^(la|wce)\((.*)\)$/.exec(loss.id);
  if (m === null) return undefined;
  const K = (m[2] as string).split(',').length - (m[1] === 'la' ? 1 : 0);
  return [
    { K, N: 3, scale: 1 },
    { K, N: 5, scale: 1 },
    { K, N: 12, scale: 3 },
  ];
}

describe('loss catalogue', () => {
  it.each(catalogue)('should pass the Taylor-slope test for %s (slopes 2 and 3)', (id) => {
    // Arrange
    const loss = lossById(id);
    const cases = casesFor(loss);
    // Act
    const r = checkLossDerivatives(loss, cases !== undefined ? { cases } : {});
    // Assert
    expect(r.failures).toEqual([]);
    for (const s of r.slopes) if (s.slope !== null) expect(s.slope).toBeGreaterThanOrEqual(s.expected - 0.3);
  });

  it.each(catalogue)('should detect the traits %s declares (%s) and no others', (id, letters) => {
    // Act
    const loss = lossById(id);
    const t = detectTraits(loss);
    // Assert
    expect(traitLetters(t.detected)).toBe(letters);
    expect(traitLetters(loss.traits)).toBe(letters);
    expect(t.refuted).toEqual([]);
    expect(t.undeclared).toEqual([]);
  });

  it('should name the refuted trait and a witness when a loss lies about equivariance', () => {
    // Arrange: class-weighted CE that declares (E)
    const wce = lossById('wce(1,2,1)');
    const liar = { ...wce, traits: { ...wce.traits, permutationEquivariant: true } };
    // Act
    const t = detectTraits(liar);
    // Assert
    expect(t.refuted).toHaveLength(1);
    expect(t.refuted[0]).toMatch(
      /^declares permutationEquivariant \(E\), refuted at K=3, y=\d, z=\[.*\] \(.*\): permuting the classes/,
    );
  });

  it('should report a trait a plug-in did not declare', () => {
    const quiet = columnLoss(
      'quiet-ce',
      'c',
      { convexInZ: false, permutationEquivariant: false, shiftInvariant: false },
      {
        value: (K, z, sz, oz, y) => {
          const m = matOf(K, 1, new Float64Array(K));
          for (let k = 0; k < K; k++) m.data[k] = z[oz + k * sz] as number;
          return ce.value(m, Int32Array.of(y));
        },
        grad: (K, z, sz, oz, y, g, sg, og) => {
          const m = matOf(K, 1, new Float64Array(K));
          const G = matOf(K, 1, new Float64Array(K));
          for (let k = 0; k < K; k++) m.data[k] = z[oz + k * sz] as number;
          const v = ce.valueAndGrad(m, Int32Array.of(y), G);
          for (let k = 0; k < K; k++) g[og + k * sg] = G.data[k] as number;
          return v;
        },
        hvp: (K, z, sz, oz, y, v, sv, ov, out, so, oo) => {
          const m = matOf(K, 1, new Float64Array(K));
          const V = matOf(K, 1, new Float64Array(K));
          const O = matOf(K, 1, new Float64Array(K));
          for (let k = 0; k < K; k++) {
            m.data[k] = z[oz + k * sz] as number;
            V.data[k] = v[ov + k * sv] as number;
          }
          ce.hvp(m, Int32Array.of(y), V, O);
          for (let k = 0; k < K; k++) out[oo + k * so] = O.data[k] as number;
        },
      },
    );
    expect(detectTraits(quiet).undeclared).toEqual(['convexInZ', 'permutationEquivariant', 'shiftInvariant']);
  });

  it('should find focal loss non-convex with a negative Hessian eigenvalue as witness', () => {
    const w = detectTraits(lossById('focal(2)')).convexInZ;
    expect(w.holds).toBe(false);
    expect(w.witness).toMatch(/λ_min\(∇²ℓ\) = -\d/);
  });

  it('should canonicalise ids and reject bad parameters naming them', () => {
    expect(lossById('ls(0.10)').id).toBe('ls(0.1)');
    expect(lossById('ls(0.10)')).toBe(lossById('ls(0.1)'));
    expect(() => lossById('ls(1.5)')).toThrow(/ε must be in \[0, 1\)/);
    expect(() => lossById('tce(0)')).toThrow(/τ must be/);
    expect(() => lossById('rmse(1)')).toThrow(/expected 2 parameters/);
    expect(() => lossById('nope(1)')).toThrow(/unknown loss 'nope\(1\)'/);
  });

  it('should give rmse(1,1) the values of mse and tce(1), ls(0), focal(0) the values of ce', () => {
    const rng = createRng(5);
    const Z = matOf(4, 6, rng.fillNormal(new Float64Array(24), 2));
    const y = Int32Array.of(0, 1, 2, 3, 1, 2);
    expect(lossById('rmse(1,1)').value(Z, y)).toBeCloseTo(mse.value(Z, y), 14);
    for (const id of ['tce(1)', 'ls(0)', 'focal(0)', 'wce(1,1,1,1)', 'la(0,1,2,3,4)'])
      expect(lossById(id).value(Z, y)).toBeCloseTo(ce.value(Z, y), 14);
  });
});
