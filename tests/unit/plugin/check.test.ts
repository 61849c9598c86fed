import { describe, expect, it } from 'vitest';
import { checkLossDerivatives, lossObjective } from '../../../src/claim/index.ts';
import { matOf } from '../../../src/core/index.ts';
import { ce, ceKernels, columnLoss, mse } from '../../../src/losses/index.ts';
import focalModule, { focalKernels } from '../../../examples/losses/focal.ts';
import lsModule, { labelSmoothingKernels } from '../../../examples/losses/labelSmoothing.ts';

const focal = columnLoss(focalModule.id, focalModule.cite, focalModule.traits, focalModule.kernels);
const ls = columnLoss(lsModule.id, lsModule.cite, lsModule.traits, lsModule.kernels);

describe('checkLossDerivatives', () => {
  it.each([
    ['ce', ce],
    ['mse', mse],
    ['label smoothing ε = 0.1', ls],
    ['focal γ = 2', focal],
    ['focal γ = 0.5', columnLoss('f', 'c', focalModule.traits, focalKernels(0.5))],
  ])('should pass %s with gradient slope ≈ 2, Hessian slope ≈ 3 (or exact) and HVP slope ≈ 2', (_name, loss) => {
    // Act
    const r = checkLossDerivatives(loss);
    // Assert
    expect(r.failures).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.slopes).toHaveLength(12); // 4 points × 3 checks
    for (const s of r.slopes) {
      // Correct derivatives: median slope ≥ expected − 0.3 (one-sided, pluginCheck.ts), and in practice within 0.15 of
      // it on these points; an exact model (MSE's quadratic) reports null.
      if (s.slope !== null) expect(Math.abs(s.slope - s.expected)).toBeLessThan(0.15);
      else expect(loss.id === 'mse' && s.check !== 'gradient').toBe(true);
    }
  });

  it('should reject a wrong gradient with its measured slope ≈ 1', () => {
    // Arrange: label smoothing whose gradient is the CE gradient (forgets the smoothing)
    const right = labelSmoothingKernels(0.1);
    const wrong = columnLoss('w', 'c', lsModule.traits, {
      ...right,
      grad: (K, z, sz, oz, y, g, sg, og) => (
        labelSmoothingKernels(0).grad(K, z, sz, oz, y, g, sg, og),
        right.value(K, z, sz, oz, y)
      ),
    });
    // Act
    const r = checkLossDerivatives(wrong);
    // Assert
    expect(r.ok).toBe(false);
    const grad = r.slopes.filter((s) => s.check === 'gradient');
    for (const s of grad) expect(s.slope).toBeCloseTo(1, 1);
    expect(r.failures[0]).toMatch(
      /^gradient: Taylor slope 1\.0\d \(expected 2; valueAndGrad does not return the gradient of value\) \(on K=2,N=3,scale=1\)$/,
    );
  });

  it('should reject a wrong Hessian with slope ≈ 2 on the quadratic model and ≈ 1 on the gradient difference', () => {
    // Arrange: CE with the Hessian scaled by 1.1 (a symmetric error: the quadratic form sees it)
    const scaled = columnLoss('s', 'c', ce.traits, {
      ...ceKernels,
      hvp(K, z, sz, oz, y, v, sv, ov, out, so, oo) {
        ceKernels.hvp(K, z, sz, oz, y, v, sv, ov, out, so, oo);
        for (let k = 0; k < K; k++) out[oo + k * so] = 1.1 * (out[oo + k * so] as number);
      },
    });
    // Act
    const r = checkLossDerivatives(scaled);
    // Assert
    expect(r.ok).toBe(false);
    for (const s of r.slopes.filter((x) => x.check === 'hessian')) expect(s.slope).toBeCloseTo(2, 1);
    for (const s of r.slopes.filter((x) => x.check === 'hvp')) expect(s.slope).toBeCloseTo(1, 1);
    expect(r.failures.join('\n')).toContain('hessian: Taylor slope 2.0');
  });

  it('should flag non-finite or accumulated outputs, value/valueAndGrad disagreement and refuted traits', () => {
    // Arrange
    const accumulating = columnLoss('a', 'c', ce.traits, {
      ...ceKernels,
      hvp(K, z, sz, oz, y, v, sv, ov, out, so, oo) {
        const tmp = new Float64Array(K);
        ceKernels.hvp(K, z, sz, oz, y, v, sv, ov, tmp, 1, 0);
        for (let k = 0; k < K; k++) out[oo + k * so] = (out[oo + k * so] as number) + (tmp[k] as number);
      },
    });
    const inconsistent = { ...ce, value: (Z: Parameters<typeof ce.value>[0], y: Int32Array) => ce.value(Z, y) + 1e-6 };
    const lying = columnLoss(
      'l',
      'c',
      { convexInZ: true, permutationEquivariant: true, shiftInvariant: true },
      { value: focalKernels(2).value, grad: focalKernels(2).grad, hvp: focalKernels(2).hvp },
    );
    // Act
    const acc = checkLossDerivatives(accumulating);
    const inc = checkLossDerivatives(inconsistent);
    const lie = checkLossDerivatives(lying);
    // Assert
    expect(acc.failures[0]).toContain(
      'hvp left a non-finite entry in out (it must write every entry of out, not accumulate into it)',
    );
    expect(inc.failures[0]).toMatch(/^value\(\) = .* but valueAndGrad\(\) returned/);
    // focal is shift-invariant and permutation-equivariant but not convex: confidently wrong columns (p_y < e^-2) have
    // negative curvature along their gradient, and the scale-3 test point has such columns
    expect(lie.failures.length).toBeGreaterThan(0);
    for (const f of lie.failures)
      expect(f).toMatch(
        /^declares convexInZ, but along the gradient of column \d+ <v, ∇²ℓ v> = -\S+ < 0 \(on K=\d+,N=\d+,scale=\d+\)$/,
      );
    expect(lie.slopes.every((x) => x.ok)).toBe(true); // its derivatives are right: only the declared trait is false
  });
});

describe('lossObjective', () => {
  it('should expose the loss on fixed labels as an objective over vec(Z) whose Hessian keeps its own copy of Z', () => {
    // Arrange
    const y = Int32Array.of(1, 0);
    const obj = lossObjective(ce, 2, 2, y);
    const theta = Float64Array.of(0.5, -1, 2, 0.25);
    const g = new Float64Array(4);
    const H = obj.hessianAt(theta);
    const v = Float64Array.of(1, 0, 0, 0);
    const before = new Float64Array(4);
    H.apply(v, before);
    // Act
    const f = obj.valueAndGrad(theta, g);
    theta[0] = 100;
    const after = new Float64Array(4);
    H.apply(v, after);
    // Assert
    expect(f).toBe(ce.value(matOf(2, 2, Float64Array.of(0.5, -1, 2, 0.25)), y));
    expect(after).toEqual(before);
    expect(obj.dim).toBe(4);
  });
});

describe('example losses', () => {
  it('should make label smoothing with ε = 0 and focal with γ = 0 equal to cross-entropy (value, gradient, HVP)', () => {
    // Arrange
    const Z = matOf(3, 4, Float64Array.from([0.3, -1, 2, 0.5, 1.2, 0.1, -0.7, 3, -2, 0.4, 0.9, -0.1]));
    const V = matOf(3, 4, Float64Array.from([1, 0.5, -0.2, 0.3, -1, 0.25, 0.7, -0.4, 0.1, 0.9, -0.6, 0.2]));
    const y = Int32Array.of(2, 0, 1, 1);
    const losses = [
      columnLoss('l0', 'c', ce.traits, labelSmoothingKernels(0)),
      columnLoss('f0', 'c', ce.traits, focalKernels(0)),
    ];
    const eval_ = (l: typeof ce): number[] => {
      const G = matOf(3, 4, new Float64Array(12));
      const HV = matOf(3, 4, new Float64Array(12));
      const v = l.valueAndGrad(Z, y, G);
      l.hvp(Z, y, V, HV);
      return [v, ...G.data, ...HV.data];
    };
    // Act
    const ref = eval_(ce);
    // Assert: the same formulas up to rounding (each entry is a few flops from CE's own)
    for (const l of losses) eval_(l).forEach((x, i) => expect(x).toBeCloseTo(ref[i] as number, 14));
  });

  it('should match the closed forms at z = 0 and stay finite on saturated logits', () => {
    // Arrange: K = 2, z = 0 → p = (½, ½): focal ℓ = ¼ ln 2, LS ℓ = ln 2 (q sums to 1)
    const z0 = Float64Array.of(0, 0);
    const fk = focalKernels(2);
    // Act / Assert
    expect(fk.value(2, z0, 1, 0, 0)).toBeCloseTo(0.25 * Math.LN2, 15);
    expect(labelSmoothingKernels(0.1).value(2, z0, 1, 0, 0)).toBeCloseTo(Math.LN2, 15);
    const zs = Float64Array.of(800, -800, 0);
    const g = new Float64Array(3);
    const out = new Float64Array(3);
    for (const y of [0, 1]) {
      const v = fk.grad(3, zs, 1, 0, y, g, 1, 0);
      fk.hvp(3, zs, 1, 0, y, Float64Array.of(1, -1, 0.5), 1, 0, out, 1, 0);
      expect([v, ...g, ...out].every(Number.isFinite)).toBe(true);
    }
    // Correct class far ahead: a = 0 exactly, so ℓ, ∇ℓ and the β term vanish.
    expect(fk.value(3, zs, 1, 0, 0)).toBe(0);
  });
});
