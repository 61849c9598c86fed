/**
 * The verdicts of the constructed-saddle claims (src/certified/saddle/saddle.ts; THEORY.md §1.2, §6): each one fed
 * instances just on either side of its threshold — the 1e-8 target of λ_min against a closed form, the residual /
 * rounding allowances of λ̂ − r ≤ q(σ) + (L/N)s², the strictness q(σ) + (L/N)s² < −rounding, the certificate's
 * −tol for a strict saddle and its tolerance for a local minimum — so that moving a threshold flips a decision.
 */
import { describe, expect, it } from 'vitest';
import type { EscapeData, TightLambda } from '../../../../src/certified/saddle/index.ts';
import {
  escapeBoundVerdicts,
  hessianRounding,
  hessianScale,
  lambdaVsClosedForm,
  localMinControlVerdict,
  localMinVerdict,
  strictSaddleVerdict,
} from '../../../../src/certified/saddle/index.ts';
import type { SecondOrderCertificate } from '../../../../src/certify/index.ts';

const U = 2 ** -53;

function tight(lambda: number, residual: number, lambdaMax = 1, dim = 10): TightLambda {
  return { lambda, residual, lambdaMax, converged: true, matvecs: 40, dim };
}

function cert(
  kind: SecondOrderCertificate['kind'],
  lambdaMin: number,
  residual: number,
  tolerance: number,
  restricted?: { lambdaMin: number; residual: number },
): SecondOrderCertificate {
  return {
    kind,
    value: 1,
    gradNorm: 1e-12,
    lambdaMin,
    lambdaMax: 1,
    residual,
    tolerance,
    vector: new Float64Array([1, 0]),
    why: 'test instance',
    lanczos: { converged: true, iterations: 5, matvecs: 10, residualMax: 0 },
    ...(restricted !== undefined ? { restricted: { ...restricted, tangentRank: 1, converged: true } } : {}),
  };
}

describe('hessianScale (‖∇²f‖ ≈ max(|λ̂_min|, |λ̂_max|))', () => {
  it('should take the larger magnitude of the two Ritz values, whichever sign', () => {
    // Act / Assert
    expect(hessianScale(tight(-3, 0, 2))).toBe(3);
    expect(hessianScale(tight(-1, 0, 2))).toBe(2);
    expect(hessianScale(tight(-1, 0, -5))).toBe(5);
    expect(hessianScale(tight(4, 0, -1))).toBe(4);
  });
});

describe('lambdaVsClosedForm (|λ̂ − λ_pred| ≤ r + hessianRounding + 16u|λ_pred|, inconclusive past the 1e-8 target)', () => {
  it('should use exactly the derived tolerance and pass just inside it, fail just outside', () => {
    // Arrange: λ_pred = −1, r = 1e-12, dim 10, scale 1 (|λ̂| ≈ 1, λ̂_max = 1)
    const tol = 1e-12 + hessianRounding(10, 1) + 16 * U;
    // Act
    const inside = lambdaVsClosedForm(tight(-1 + 0.99 * tol, 1e-12), -1, 1e-3, 'x');
    const outside = lambdaVsClosedForm(tight(-1 + 1.01 * tol, 1e-12), -1, 1e-3, 'x');
    const below = lambdaVsClosedForm(tight(-1 - 1.01 * tol, 1e-12), -1, 1e-3, 'x');
    // Assert
    expect(inside.status).toBe('pass');
    expect(inside.tolerance / tol).toBeCloseTo(1, 12);
    expect(outside.status).toBe('fail');
    expect(below.status).toBe('fail');
    // relErr = |λ̂ − λ_pred| / 1 (λ̂ = −1 + 1.01·tol carries the cancellation of −1 + 1e-12: 4 digits)
    expect((outside.details?.['relErr'] as number) / (1.01 * tol)).toBeCloseTo(1, 4);
    expect(outside.details?.['predicted']).toBe(-1);
    expect(outside.details?.['residual']).toBe(1e-12);
    expect(outside.details?.['lanczosConverged']).toBe(true);
    expect(outside.details?.['matvecs']).toBe(40);
  });

  it('should count the closed form’s own rounding 16u|λ_pred| when the residual is zero', () => {
    // Arrange: λ_pred = −1000, r = 0, dim 1 → hessianRounding(1, 1000) = u/(1 − u)·1000 ≈ 1000u; tol ≈ 17 000u
    const tol = hessianRounding(1, 1000) + 16 * U * 1000;
    // Act
    const v = lambdaVsClosedForm(tight(-1000, 0, 1, 1), -1000, 1, 'x');
    // Assert
    expect(v.tolerance / tol).toBeCloseTo(1, 12);
  });

  it('should be inconclusive when the residual alone exceeds 1e-8·|λ_pred|, and judge just below it', () => {
    // Act
    const over = lambdaVsClosedForm(tight(-1, 1.01e-8), -1, 1e-3, 'x');
    const under = lambdaVsClosedForm(tight(-1, 0.99e-8), -1, 1e-3, 'x');
    // Assert
    expect(over.status).toBe('inconclusive');
    expect(over.why).toContain('exceeds the 1e-8 target');
    expect(under.status).toBe('pass');
  });

  it('should measure the target against the floor when λ_pred = 0 (the zero mode), not against 0', () => {
    // Arrange: floor 1e-2 → target 1e-10
    // Act
    const over = lambdaVsClosedForm(tight(0, 1.01e-10, 1e-2), 0, 1e-2, 'x');
    const under = lambdaVsClosedForm(tight(5e-11, 0.99e-10, 1e-2), 0, 1e-2, 'x');
    // Assert
    expect(over.status).toBe('inconclusive');
    expect(under.status).toBe('pass');
    expect(under.details?.['relErr']).toBeCloseTo(5e-11 / 1e-2, 20);
  });

  it('should still judge when the derived tolerance equals the target exactly (≤, not <)', () => {
    // Arrange: λ̂ = λ̂_max = 0 → hessianRounding(dim, 0) = 0; λ_pred = 0 → 16u|λ_pred| = 0; so tol = r = 1e-8·1
    // Act
    const v = lambdaVsClosedForm(tight(0, 1e-8, 0), 0, 1, 'edge');
    // Assert
    expect(v.status).toBe('pass');
    expect(v.tolerance).toBe(1e-8);
  });

  it('should name the label and print the derived tolerance and the target in its messages', () => {
    // Act: floor 1e-2 → target 1e-10; r = 2e-10
    const inc = lambdaVsClosedForm(tight(0, 2e-10, 0), 0, 1e-2, 'origin CE');
    const ok = lambdaVsClosedForm(tight(-1, 0), -1, 1e-3, 'origin MSE');
    // Assert
    expect(inc.why).toContain('origin CE: derived tolerance 2.000e-10');
    expect(inc.why).toContain('target 1.000e-10');
    expect(ok.why).toContain('origin MSE: λ_min (Lanczos) vs closed form');
  });

  it('should measure the target against |λ_pred| when that is above the floor', () => {
    // Arrange: λ_pred = −10, floor 1 → target 1e-7; r = 5e-8 would be over a floor-based target (1e-8)
    // Act
    const v = lambdaVsClosedForm(tight(-10, 5e-8, 10), -10, 1, 'x');
    // Assert
    expect(v.status).toBe('pass');
    expect(v.details?.['relErr']).toBe(0);
  });
});

describe('escapeBoundVerdicts (λ̂ − r ≤ q(σ) + (L/N)s² + rnd; q(σ) + (L/N)s² < −rnd)', () => {
  function data(lambdaUpper: number, qRounding: number, factorScale: number, clusterWidth: number): EscapeData {
    return {
      sigma: 0.5,
      kktBound: 0.1,
      q: lambdaUpper,
      nullDefectSq: 0,
      lambdaUpper,
      qRounding,
      factorScale,
      clusterWidth,
    };
  }
  // dim 10, ‖∇²f‖ = 1, factorScale 0.5 (below the Lanczos scale): rnd = hessianRounding(10, 1) + 1e-10
  const RND = hessianRounding(10, 1) + 1e-10;

  it('should pass the reach check with exactly rnd of slack and fail just beyond rnd + cluster width', () => {
    // Arrange: λ_upper = −0.4; λ̂ − r = λ_upper + 0.99 rnd / + 1.01 rnd (cluster width 0)
    const e = data(-0.4, 1e-10, 0.5, 0);
    // Act
    const [inside] = escapeBoundVerdicts(tight(-0.4 + 1e-9 + 0.99 * RND, 1e-9), e);
    const [outside] = escapeBoundVerdicts(tight(-0.4 + 1e-9 + 1.01 * RND, 1e-9), e);
    // Assert
    expect(inside!.status).toBe('pass');
    expect(inside!.tolerance / RND).toBeCloseTo(1, 12);
    expect(inside!.why).toContain('λ̂ − r vs q(‖G‖₂) + (L/N)s² (THEORY.md §1.2)');
    expect(outside!.status).toBe('fail');
  });

  it('should use the factor scale in the HVP rounding when it exceeds the Lanczos scale', () => {
    // Arrange: factorScale 1e6 ≫ 1
    const e = data(-0.4, 1e-10, 1e6, 0);
    // Act
    const [reach, strict] = escapeBoundVerdicts(tight(-0.4, 0), e);
    // Assert
    const rnd = hessianRounding(10, 1e6) + 1e-10;
    expect(reach!.tolerance / rnd).toBeCloseTo(1, 12);
    expect(strict!.tolerance / rnd).toBeCloseTo(1, 12);
  });

  it('should be inconclusive when the excess is past rnd but within the bottom-cluster width, fail past both', () => {
    // Arrange: cluster width 1e-6
    const e = data(-0.4, 1e-10, 0.5, 1e-6);
    // Act
    const [within] = escapeBoundVerdicts(tight(-0.4 + 0.5e-6, 0), e);
    const [edge] = escapeBoundVerdicts(tight(-0.4 + 0.99 * (1e-6 + RND), 0), e);
    const [beyond] = escapeBoundVerdicts(tight(-0.4 + 1.01 * (1e-6 + RND), 0), e);
    // Assert
    expect(within!.status).toBe('inconclusive');
    expect(within!.why).toContain('bottom cluster width');
    expect(edge!.status).toBe('inconclusive');
    expect(beyond!.status).toBe('fail');
  });

  it('should still call an excess of exactly rnd + cluster width inconclusive (≤), and report λ̂ − r as measured', () => {
    // Arrange: λ_upper = 0, r = 0, λ̂ = rnd + w in floating point (scale max(|λ̂|, 1) = 1 as in RND), so that
    // excess = λ̂ − 0 − 0 equals rnd + w bit for bit
    const w = 1e-6;
    const e = data(0, 1e-10, 0.5, w);
    // Act
    const [edge] = escapeBoundVerdicts(tight(RND + w, 0), e);
    const [within] = escapeBoundVerdicts(tight(0.5e-6 + 2e-7, 2e-7), e);
    // Assert
    expect(edge!.status).toBe('inconclusive');
    expect(within!.status).toBe('inconclusive');
    expect(within!.measured).toBeCloseTo(0.5e-6, 20);
    // The excess is λ̂ − r − λ_upper (0.8e-6 here, inside rnd + w), not λ̂ + r − λ_upper (1.6e-6, outside)
    const [lowered] = escapeBoundVerdicts(tight(1.2e-6, 0.4e-6), e);
    expect(lowered!.status).toBe('inconclusive');
    expect(within!.predicted).toBe(0);
  });

  it('should never call a reached bound inconclusive because of the cluster width', () => {
    // Arrange: λ̂ − r well below the bound, large cluster
    const e = data(-0.4, 1e-10, 0.5, 1);
    // Act
    const [reach] = escapeBoundVerdicts(tight(-0.5, 0), e);
    // Assert
    expect(reach!.status).toBe('pass');
    expect(reach!.details?.['lambdaMinusQ']).toBeCloseTo(-0.1, 14);
  });

  it('should require the bound strictly below −rnd (q(σ) < 0 beyond rounding)', () => {
    // Act
    const [, neg] = escapeBoundVerdicts(tight(-1, 0), data(-1.01 * RND, 1e-10, 0.5, 0));
    const [, tiny] = escapeBoundVerdicts(tight(-1, 0), data(-0.99 * RND, 1e-10, 0.5, 0));
    const [, pos] = escapeBoundVerdicts(tight(-1, 0), data(1e-3, 1e-10, 0.5, 0));
    // Assert
    expect(neg!.status).toBe('pass');
    expect(tiny!.status).toBe('fail');
    expect(pos!.status).toBe('fail');
    expect(neg!.predicted).toBe(0);
    expect(neg!.why).toContain('q(‖G‖₂) + (L/N)s² < 0 (σ > √(λ_Wλ_H))');
  });
});

describe('strictSaddleVerdict (λ̂ + r ≤ −tol)', () => {
  it('should pass a strict saddle with λ̂ + r at −tol and fail one just above', () => {
    // Act
    const at = strictSaddleVerdict(cert('strict-saddle', -1e-6 - 1e-9, 1e-9, 1e-6));
    const above = strictSaddleVerdict(cert('strict-saddle', -1e-6, 1e-9, 1e-6));
    // Assert
    expect(at.status).toBe('pass');
    expect(at.measured).toBeCloseTo(-1e-6, 20);
    expect(at.predicted).toBe(-1e-6);
    expect(above.status).toBe('fail');
    expect(above.why).toContain('certificate kind strict-saddle: λ̂ + r vs −tol (strict saddle)');
  });

  it('should keep an inconclusive certificate inconclusive and fail a local minimum', () => {
    // Act
    const inc = strictSaddleVerdict(cert('inconclusive', -1, 0.25, 1e-6));
    const min = strictSaddleVerdict(cert('local-min', 1e-3, 1e-9, 1e-6));
    // Assert
    expect(inc.status).toBe('inconclusive');
    expect(inc.why).toContain('second-order certificate inconclusive');
    expect(inc.measured).toBe(-0.75);
    expect(inc.predicted).toBe(-1e-6);
    expect(min.status).toBe('fail');
    expect(min.details?.['kind']).toBe('local-min');
  });
});

describe('localMinVerdict (local-min: λ⊥ ≥ −(tol + r⊥); degenerate λ⊥ > 0 inconclusive; else fail)', () => {
  it('should judge the restricted curvature with the restricted residual when symmetry tangents were given', () => {
    // Arrange: λ_min = −0.5 (a symmetry direction), λ⊥ just above / below −(tol + r⊥)
    // Act
    const inside = localMinVerdict(
      cert('local-min', -0.5, 0.1, 1e-6, { lambdaMin: -0.99 * (1e-6 + 1e-8), residual: 1e-8 }),
    );
    const outside = localMinVerdict(
      cert('local-min', -0.5, 0.1, 1e-6, { lambdaMin: -1.01 * (1e-6 + 1e-8), residual: 1e-8 }),
    );
    // Assert
    expect(inside.status).toBe('pass');
    expect(inside.tolerance).toBeCloseTo(1e-6 + 1e-8, 20);
    expect(inside.why).toContain('certificate kind local-min: test instance');
    expect(inside.details?.['restricted']).toMatchObject({ lambdaMin: -0.99 * (1e-6 + 1e-8), residual: 1e-8 });
    expect(inside.details?.['kind']).toBe('local-min');
    expect(outside.status).toBe('fail');
  });

  it('should judge the full λ_min with its residual when there are no tangents', () => {
    // Act
    const inside = localMinVerdict(cert('local-min', -0.99 * (1e-6 + 1e-8), 1e-8, 1e-6));
    const outside = localMinVerdict(cert('local-min', -1.01 * (1e-6 + 1e-8), 1e-8, 1e-6));
    // Assert
    expect(inside.status).toBe('pass');
    expect(inside.measured).toBeCloseTo(-0.99 * (1e-6 + 1e-8), 20);
    expect(outside.status).toBe('fail');
    expect(inside.details?.['restricted']).toBeNull();
  });

  it('should call a degenerate point with λ⊥ > 0 inconclusive and with λ⊥ = 0 a failure', () => {
    // Act
    const pos = localMinVerdict(cert('degenerate', -0.5, 0, 1e-6, { lambdaMin: 1e-9, residual: 0 }));
    const zero = localMinVerdict(cert('degenerate', -0.5, 0, 1e-6, { lambdaMin: 0, residual: 0 }));
    // Assert
    expect(pos.status).toBe('inconclusive');
    expect(pos.why).toContain('not resolved above the certificate tolerance');
    expect(zero.status).toBe('fail');
    expect(zero.why).toContain('expected local-min');
  });

  it('should keep inconclusive inconclusive and fail a strict saddle whatever its curvature', () => {
    // Act
    const inc = localMinVerdict(cert('inconclusive', 1, 0, 1e-6));
    const sad = localMinVerdict(cert('strict-saddle', 1e-3, 0, 1e-6));
    // Assert
    expect(inc.status).toBe('inconclusive');
    expect(inc.why).toContain('second-order certificate inconclusive');
    expect(sad.status).toBe('fail');
    expect(sad.tolerance).toBe(1e-6);
    expect(sad.predicted).toBe(0);
    expect(sad.margin).toBe(Number.POSITIVE_INFINITY);
    expect(sad.why).toContain('certificate kind strict-saddle');
  });
});

describe('localMinControlVerdict (λ̂ ≥ −tol; refuted iff λ̂ < −tol)', () => {
  it('should accept λ̂ just above −tol and refute just below, ignoring the residual', () => {
    // Act
    const ok = localMinControlVerdict(cert('degenerate', -0.99e-6, 1, 1e-6), 'ctl');
    expect(ok.details?.['kind']).toBe('degenerate');
    const refuted = localMinControlVerdict(cert('strict-saddle', -1.01e-6, 0, 1e-6), 'ctl');
    // Assert
    expect(ok.status).toBe('pass');
    expect(ok.tolerance).toBe(1e-6);
    expect(refuted.status).toBe('fail');
    expect(refuted.why).toContain('ctl');
  });
});
