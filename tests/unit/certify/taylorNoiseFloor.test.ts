/**
 * The rounding-noise floor and the fitting window of the Taylor checks (src/certify/taylor.ts, module doc; STYLE.md
 * §1.5), pinned on closed-form objectives: a point counts as above the noise iff E(h) > 10⁴·ε·S(h) with
 * S(h) = |f(θ)| + |f(θ+hv)| + |h∇fᵀv| (+ ½h²|vᵀ∇²f v|) for the scalar remainders and
 * ‖∇f(θ)‖ + ‖∇f(θ+hv)‖ + h‖∇²f v‖ for the gradient remainder; the window starts at the first run of ≥ 4 such points
 * and spans at most `windowDecades` decades.
 */
import { describe, it, expect } from 'vitest';
import { checkGradient, checkHessian, fitSlope } from '../../../src/certify/index.ts';
import type { Objective, LinOp } from '../../../src/models/index.ts';
import { createRng, type Rng } from '../../../src/core/index.ts';

const EPS = 2 ** -52;
const FLOOR = 1e4 * EPS;

/**
 * f(x, y) = c0 + c1 x + c2 y + (a/2)x² + (b/2)y² + (p/6)x³ + (q/6)y³ with exact derivatives. The constants are chosen
 * so that f(0) < 0, ∇fᵀv < 0 and vᵀ∇²f v < 0 along v = (0.6, −0.8): a floor that dropped an absolute value would
 * differ from the stated one.
 */
const C = { c0: -7, c1: -3, c2: 2, a: -4, b: 1, p: 6, q: -12 };
function cubic2(): Objective {
  const { c0, c1, c2, a, b, p, q } = C;
  const value = (x: Float64Array): number => {
    const u = x[0]!;
    const w = x[1]!;
    return c0 + c1 * u + c2 * w + (a / 2) * u * u + (b / 2) * w * w + (p / 6) * u ** 3 + (q / 6) * w ** 3;
  };
  return {
    dim: 2,
    value,
    valueAndGrad(x, g) {
      const u = x[0]!;
      const w = x[1]!;
      g[0] = c1 + a * u + (p / 2) * u * u;
      g[1] = c2 + b * w + (q / 2) * w * w;
      return value(x);
    },
    hessianAt(x): LinOp {
      const hu = a + p * x[0]!;
      const hw = b + q * x[1]!;
      return {
        dim: 2,
        apply: (v, out) => {
          out[0] = hu * v[0]!;
          out[1] = hw * v[1]!;
        },
      };
    },
  };
}
const V = [0.6, -0.8] as const;
const ORIGIN = Float64Array.of(0, 0);
const fAt = (h: number): number => cubic2().value(Float64Array.of(h * V[0], h * V[1]));
// Closed forms at θ = 0 along v: ∇fᵀv = −3.4, vᵀ∇²f v = −0.8, (p v₁³ + q v₂³)/6 = 1.24.
const GV = C.c1 * V[0] + C.c2 * V[1];
const VHV = C.a * V[0] ** 2 + C.b * V[1] ** 2;
const CUBE = (C.p * V[0] ** 3 + C.q * V[1] ** 3) / 6;

/** Relative agreement to 1e-12 (the floor is a sum of 4 non-negative terms times a constant: a few ulps). */
function expectRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/** An Rng whose fillNormal returns the given vectors in turn (the directions the checks draw). */
function scriptedRng(...draws: number[][]): Rng {
  let k = 0;
  const rng: Rng = {
    seed: 0,
    uniform: () => 0.5,
    normal: () => 1,
    int: () => 0,
    fillNormal(out) {
      const d = draws[k++];
      if (d === undefined) throw new Error('scriptedRng: no more draws');
      out.set(d);
      return out;
    },
    fork: () => rng,
  };
  return rng;
}

describe('checkGradient noise floor', () => {
  it('should report the floor 10⁴·ε·(|f(θ)| + |f(θ+hv)| + |h∇fᵀv|) at every step and the remainder E₁(h)', () => {
    // Act: the direction (3, −4) is normalised to (0.6, −0.8) by the check.
    const c = checkGradient(cubic2(), ORIGIN, createRng(1), { direction: Float64Array.of(3, -4) });
    // Assert
    expect(c.noise.length).toBe(51);
    c.hs.forEach((h, i) => {
      expectRel(c.noise[i]!, FLOOR * (Math.abs(C.c0) + Math.abs(fAt(h)) + Math.abs(h * GV)), 1e-12);
      // E₁(h) = |½h²vᵀ∇²f v + h³·1.24| exactly; the computed one carries ≈ ε·S(h) of rounding, so compare where the
      // closed form is ≥ 10³ times the floor (relative rounding ≤ 1e-7 there).
      const exact = Math.abs(0.5 * h * h * VHV + h ** 3 * CUBE);
      if (exact >= 1e3 * c.noise[i]!) expectRel(c.errors[i]!, exact, 1e-6);
    });
  });

  it('should start the window at the first step whose remainder exceeds the floor for four steps in a row', () => {
    // Arrange: below h ≈ 1e-3 the remainder 0.4h² is under 10⁴ε·14 ≈ 3.1e-11 … the floor, so the first fitted step
    // is the first h with 0.4h² (1 − 3.1h) > floor(h), found here from the closed forms.
    const c = checkGradient(cubic2(), ORIGIN, createRng(1), { direction: Float64Array.of(3, -4) });
    const expectedFirst = c.hs.findIndex((h, i) => {
      const e = (k: number): number => Math.abs(0.5 * c.hs[k]! ** 2 * VHV + c.hs[k]! ** 3 * CUBE);
      const floor = (k: number): number => FLOOR * (Math.abs(C.c0) + Math.abs(fAt(c.hs[k]!)) + Math.abs(c.hs[k]! * GV));
      return h > 0 && [i, i + 1, i + 2, i + 3].every((k) => k < c.hs.length && e(k) > 2 * floor(k));
    });
    // Assert: the computed window starts at that step or one before it (the factor 2 above leaves room for the
    // rounding of E near the floor), the slope is the expected 2 and the check passes.
    expect(c.window).not.toBeNull();
    expect(c.window![0]).toBeGreaterThanOrEqual(expectedFirst - 1);
    expect(c.window![0]).toBeLessThanOrEqual(expectedFirst);
    expect(c.ok).toBe(true);
    expect(Math.abs(c.slope - 2)).toBeLessThanOrEqual(0.1);
  });

  it('should pass a gradient error below the floor as exact along v, and fail one 100 times above it', () => {
    // Arrange: f ≡ −1000 (so S(h) ≈ 2000 + hδ) reported with gradient δ: E₁(h) = hδ. The floor at h = 1 is
    // 10⁴ε(2000 + δ); δ = 0.75 × 10⁴ε·2000 keeps every E₁ below it (the documented blind spot, ≈ 10⁴ε·S/h_max),
    // δ = 100 × that is above it from h ≈ 0.01 on, where the fit sees slope 1.
    const constant = (delta: number): Objective => ({
      dim: 1,
      value: () => -1000,
      valueAndGrad: (_x, g) => {
        g[0] = delta;
        return -1000;
      },
      hessianAt: () => ({ dim: 1, apply: (_v, out) => out.fill(0) }),
    });
    const below = 0.75 * FLOOR * 2000;
    // Act
    const quiet = checkGradient(constant(below), Float64Array.of(0.3), createRng(1), {
      direction: Float64Array.of(1),
    });
    const loud = checkGradient(constant(100 * FLOOR * 2000), Float64Array.of(0.3), createRng(1), {
      direction: Float64Array.of(1),
    });
    // Assert
    expect(quiet.ok).toBe(true);
    expect(quiet.window).toBeNull();
    expect(Number.isNaN(quiet.slope)).toBe(true);
    expect(quiet.why).toMatch(/rounding level for every h/);
    expect(loud.ok).toBe(false);
    expect(Math.abs(loud.slope - 1)).toBeLessThanOrEqual(0.1);
  });
});

describe('checkHessian noise floors', () => {
  it('should report both floors and both remainders of the stated forms at every step', () => {
    // Act
    const c = checkHessian(cubic2(), ORIGIN, scriptedRng([1, 0], [0, 1]), { direction: Float64Array.of(3, -4) });
    // Assert
    const g0n = Math.hypot(C.c1, C.c2);
    const hvn = Math.hypot(C.a * V[0], C.b * V[1]);
    c.hs.forEach((h, i) => {
      const f1 = fAt(h);
      expectRel(
        c.noise[i]!,
        FLOOR * (Math.abs(C.c0) + Math.abs(f1) + Math.abs(h * GV) + Math.abs(0.5 * h * h * VHV)),
        1e-12,
      );
      const x = h * V[0];
      const y = h * V[1];
      const g1n = Math.hypot(C.c1 + C.a * x + (C.p / 2) * x * x, C.c2 + C.b * y + (C.q / 2) * y * y);
      expectRel(c.gradientRemainder.noise[i]!, FLOOR * (g0n + g1n + h * hvn), 1e-12);
      // Closed forms: E₂(h) = 1.24h³, E_g(h) = (h²/2)‖(p v₁², q v₂²)‖.
      const e2 = Math.abs(h ** 3 * CUBE);
      if (e2 >= 1e3 * c.noise[i]!) expectRel(c.errors[i]!, e2, 1e-6);
      const eg = 0.5 * h * h * Math.hypot(C.p * V[0] ** 2, C.q * V[1] ** 2);
      if (eg >= 1e3 * c.gradientRemainder.noise[i]!) expectRel(c.gradientRemainder.errors[i]!, eg, 1e-6);
    });
    expect(c.ok).toBe(true);
    expect(Math.abs(c.slope - 3)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(c.gradientRemainder.slope - 2)).toBeLessThanOrEqual(0.1);
    expect(c.asymmetry).toBe(0);
  });

  it('should measure the asymmetry as |uᵀHw − wᵀHu| / (‖Hw‖ + ‖Hu‖) on the two drawn directions', () => {
    // Arrange: a linear f (every Taylor remainder at rounding level) with the non-symmetric "Hessian"
    // A = [[1, 2], [−1, 3]]; u = e₁, w = e₂ give uᵀAw = 2, wᵀAu = −1, ‖Aw‖ = √13, ‖Au‖ = √2.
    const lin: Objective = {
      dim: 2,
      value: (x) => 2 * x[0]! - x[1]!,
      valueAndGrad: (x, g) => {
        g[0] = 2;
        g[1] = -1;
        return 2 * x[0]! - x[1]!;
      },
      hessianAt: () => ({
        dim: 2,
        apply: (v, out) => {
          out[0] = v[0]! + 2 * v[1]!;
          out[1] = -v[0]! + 3 * v[1]!;
        },
      }),
    };
    // Act: the Taylor direction is given, so the two draws are u and w (normalised by the check: (2, 0) → e₁).
    const c = checkHessian(lin, ORIGIN, scriptedRng([2, 0], [0, 5]), { direction: Float64Array.of(1, 1) });
    // Assert
    expectRel(c.asymmetry, 3 / (Math.sqrt(13) + Math.sqrt(2)), 1e-15);
    expect(c.ok).toBe(false);
    expect(c.why).toMatch(/^quadratic form: .*; Hessian-vector product: .*; not symmetric: asymmetry/);
  });

  it('should fail on asymmetry alone when the product is right along v but not symmetric', () => {
    // Arrange: f = ½(x₀² + x₁² + x₂²) with the reported product (I + S)v, S = s(e₀e₁ᵀ − e₁e₀ᵀ), s = 0.1. Along
    // v = e₂, Sv = 0 and vᵀS = 0, so both Taylor remainders are exact (at rounding level); u = e₀, w = e₁ give
    // |uᵀ(I+S)w − wᵀ(I+S)u| = 2s, ‖(I+S)w‖ = ‖(I+S)u‖ = √(1 + s²).
    const s = 0.1;
    const skewed: Objective = {
      dim: 3,
      value: (x) => 0.5 * (x[0]! ** 2 + x[1]! ** 2 + x[2]! ** 2),
      valueAndGrad: (x, g) => {
        g.set(x);
        return 0.5 * (x[0]! ** 2 + x[1]! ** 2 + x[2]! ** 2);
      },
      hessianAt: () => ({
        dim: 3,
        apply: (v, out) => {
          out[0] = v[0]! + s * v[1]!;
          out[1] = v[1]! - s * v[0]!;
          out[2] = v[2]!;
        },
      }),
    };
    // Act
    const c = checkHessian(skewed, Float64Array.of(0.3, -0.2, 0.5), scriptedRng([1, 0, 0], [0, 1, 0]), {
      direction: Float64Array.of(0, 0, 1),
    });
    // Assert
    expect(c.gradientRemainder.ok).toBe(true);
    expectRel(c.asymmetry, (2 * s) / (2 * Math.sqrt(1 + s * s)), 1e-15);
    expect(c.ok).toBe(false);
    expect(c.why).toBe(`not symmetric: asymmetry ${c.asymmetry.toExponential(2)} > 1e-10`);
  });

  it('should fail the quadratic form alone when the gradient is off by a constant (the product still right)', () => {
    // Arrange: the cubic with ∇f reported + (0.01, 0.01) everywhere: E₂ gains h·0.01·(v₀ + v₁), slope 1, while
    // ∇f(θ+hv) − ∇f(θ) − h∇²f v does not see a constant offset.
    const base = cubic2();
    const offset: Objective = {
      ...base,
      valueAndGrad: (x, g) => {
        const f = base.valueAndGrad(x, g);
        g[0]! += 0.01;
        g[1]! += 0.01;
        return f;
      },
    };
    // Act
    const c = checkHessian(offset, ORIGIN, scriptedRng([1, 0], [0, 1]), { direction: Float64Array.of(3, -4) });
    // Assert
    expect(c.gradientRemainder.ok).toBe(true);
    expect(c.asymmetry).toBe(0);
    expect(c.ok).toBe(false);
    expect(Math.abs(c.slope - 1)).toBeLessThanOrEqual(0.1);
    // The scalar fit refitted from the returned data gives the reason; the other two parts are absent.
    expect(c.why).toBe(`quadratic form: ${fitSlope(c.hs, c.errors, c.noise, 3).why}`);
    expect(c.why).toMatch(/^quadratic form: expected slope 3, fitted 1\.\d{3} on h ∈ /);
  });

  it('should pass a linear objective with a zero Hessian (no remainder above rounding, asymmetry 0)', () => {
    // Arrange: f(x) = 3x₀ − 2x₁ + 5, ∇²f = 0; the asymmetry's denominator ‖Hw‖ + ‖Hu‖ is 0 and the ratio is
    // defined as 0 there.
    const lin: Objective = {
      dim: 2,
      value: (x) => 3 * x[0]! - 2 * x[1]! + 5,
      valueAndGrad: (x, g) => {
        g[0] = 3;
        g[1] = -2;
        return 3 * x[0]! - 2 * x[1]! + 5;
      },
      hessianAt: () => ({ dim: 2, apply: (_v, out) => out.fill(0) }),
    };
    // Act
    const c = checkHessian(lin, Float64Array.of(1, 2), createRng(5));
    // Assert
    expect(c.asymmetry).toBe(0);
    expect(c.ok).toBe(true);
    expect(c.why).toMatch(/^Hessian consistent: /);
  });
});

describe('fitSlope window and tolerance', () => {
  const decades = [1e-3, 1e-2, 1e-1, 1];

  it('should fit exactly four consecutive points above the noise', () => {
    // Arrange: E = h² on four decades (log10 values are integers, so the slope is exactly 2).
    const fit = fitSlope(decades, [1e-6, 1e-4, 1e-2, 1], [0, 0, 0, 0], 2);
    // Assert
    expect(fit.window).toEqual([0, 3]);
    expect(fit.slope).toBe(2);
    expect(fit.ok).toBe(true);
  });

  it('should accept a slope exactly at expected − slopeTol and reject one below it', () => {
    // Arrange: slope exactly 2 against expected 3.
    const errors = [1e-6, 1e-4, 1e-2, 1];
    // Act
    const atEdge = fitSlope(decades, errors, [0, 0, 0, 0], 3, { slopeTol: 1 });
    const justBelow = fitSlope(decades, errors, [0, 0, 0, 0], 3, { slopeTol: 0.999 });
    const byDefault = fitSlope(decades, errors, [0, 0, 0, 0], 3);
    // Assert
    expect(atEdge.ok).toBe(true);
    expect(justBelow.ok).toBe(false);
    expect(byDefault.ok).toBe(false);
    expect(byDefault.expected).toBe(3);
  });

  it('should count a remainder equal to its floor as rounding (strictly above is required)', () => {
    // Act
    const fit = fitSlope(decades, [1e-6, 1e-4, 1e-2, 1], [1e-6, 1e-4, 1e-2, 1], 2);
    // Assert
    expect(fit.window).toBeNull();
    expect(fit.ok).toBe(true);
    expect(Number.isNaN(fit.slope)).toBe(true);
  });

  it('should end the window before the first point at or below the noise inside windowDecades', () => {
    // Arrange: E = h² above a zero floor except a zero at index 10 (1.6 decades from the start).
    const hs = Array.from({ length: 51 }, (_, i) => 10 ** (-8 + (8 * i) / 50));
    const errors = hs.map((h) => h * h);
    errors[10] = 0;
    // Act
    const fit = fitSlope(
      hs,
      errors,
      hs.map(() => 0),
      2,
    );
    // Assert
    expect(fit.window).toEqual([0, 9]);
  });

  it('should say why it cannot fit fewer than four points in a row', () => {
    const fit = fitSlope([1e-3, 1e-2, 1e-1, 1, 10], [1, 1, 1, 0, 1], [0, 0, 0, 0, 0], 3);
    expect(fit.ok).toBe(false);
    expect(fit.why).toBe('expected slope 3: fewer than 4 consecutive remainders above rounding, cannot fit');
  });

  it('should stop the window at windowDecades decades from its first step', () => {
    // Arrange: 51 log-spaced steps over 8 decades (0.16 decade apart), E = h² everywhere above a zero floor.
    const hs = Array.from({ length: 51 }, (_, i) => 10 ** (-8 + (8 * i) / 50));
    const errors = hs.map((h) => h * h);
    const zero = hs.map(() => 0);
    // Act
    const three = fitSlope(hs, errors, zero, 2);
    const twoSteps = fitSlope(hs, errors, zero, 2, { windowDecades: 0.32 });
    const all = fitSlope(hs, errors, zero, 2, { windowDecades: 8 });
    // Assert: 3 decades = 18.75 steps → last index 18; 0.32 decades = exactly 2 steps (up to the rounding of
    // log10, which the window's 1e-9 slack absorbs); 8 decades = all 51.
    expect(three.window).toEqual([0, 18]);
    expect(twoSteps.window).toEqual([0, 2]);
    expect(all.window).toEqual([0, 50]);
    expect(three.why).toMatch(/^expected slope 2, fitted 2\.000 on h ∈ \[1\.0e-8, /);
  });

  it('should fail a non-finite remainder without fitting', () => {
    // Act
    const fit = fitSlope(decades, [1e-6, NaN, 1e-2, 1], [0, 0, 0, 0], 2);
    const inf = fitSlope(decades, [1e-6, 1e-4, Infinity, 1], [0, 0, 0, 0], 2);
    // Assert
    for (const f of [fit, inf]) {
      expect(f.ok).toBe(false);
      expect(f.window).toBeNull();
      expect(f.why).toBe('expected slope 2: non-finite remainder');
    }
  });
});

describe('Taylor check arguments', () => {
  const obj = cubic2();

  it('should reject fewer than two steps or an empty step range with a RangeError', () => {
    expect(() => checkGradient(obj, ORIGIN, createRng(1), { points: 1 })).toThrow(RangeError);
    expect(() => checkGradient(obj, ORIGIN, createRng(1), { log10HMin: 0, log10HMax: 0 })).toThrow(
      /points ≥ 2 and log10HMax > log10HMin/,
    );
    expect(() => checkHessian(obj, ORIGIN, createRng(1), { log10HMin: 1, log10HMax: 0 })).toThrow(RangeError);
  });

  it('should accept two steps (the fewest allowed)', () => {
    const c = checkGradient(obj, ORIGIN, createRng(1), { log10HMin: -2, log10HMax: 0, points: 2 });
    expect(c.hs).toEqual([0.01, 1]);
  });

  it('should honour the step range: points log-spaced from 10^log10HMin to 10^log10HMax', () => {
    // Act
    const c = checkGradient(obj, ORIGIN, createRng(1), { log10HMin: -4, log10HMax: -1, points: 4 });
    // Assert
    expect(c.hs.length).toBe(4);
    [1e-4, 1e-3, 1e-2, 1e-1].forEach((h, i) => expectRel(c.hs[i]!, h, 1e-15));
  });

  it('should reject a given direction of the wrong length or zero norm', () => {
    expect(() => checkGradient(obj, ORIGIN, createRng(1), { direction: Float64Array.of(1) })).toThrow(
      /direction must have length 2; got 1/,
    );
    expect(() => checkHessian(obj, ORIGIN, createRng(1), { direction: Float64Array.of(0, 0) })).toThrow(
      /direction must be non-zero/,
    );
  });

  it('should not modify the given direction and should use it normalised', () => {
    // Arrange
    const d = Float64Array.of(3, -4);
    // Act
    const a = checkGradient(obj, ORIGIN, createRng(1), { direction: d });
    const b = checkGradient(obj, ORIGIN, createRng(2), { direction: Float64Array.of(0.6, -0.8) });
    // Assert
    expect(Array.from(d)).toEqual([3, -4]);
    a.errors.forEach((e, i) => expectRel(e, b.errors[i]!, 1e-12));
  });
});
