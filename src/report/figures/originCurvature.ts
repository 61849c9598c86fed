/**
 * λ_min of the Hessian at the origin against κ = K√(nλ_Wλ_H) (THEORY.md §6.1; Zhu et al. 2021, Thm 3.2): the
 * closed form q(1/(K√n)) = (λ_W+λ_H)/2 − √(((λ_W−λ_H)/2)² + 1/(K²n)) (with the bias block, min(q, λ_b) for CE and
 * min(q, 1+λ_b) for MSE — src/theory/saddles.ts) as a curve, and λ_min of the dense Hessian of the instance at the
 * origin critical point (src/theory/constructed.ts) as measured points. The sign changes at κ = 1: below it the
 * origin is a strict saddle, above it a local minimum.
 */
import { denseHessianEig } from '../../certify/index.ts';
import { lossById } from '../../losses/index.ts';
import { balancedN, ufmObjective, type UfmProblem } from '../../models/index.ts';
import { originLambdaMin, originPoint } from '../../theory/index.ts';
import { num, problemCaption, type Figure } from './figure.ts';

/** Default instance shape when the run carries none. */
export const ORIGIN_PROBLEM: UfmProblem = {
  loss: 'ce',
  K: 3,
  d: 3,
  counts: [2, 2, 2],
  lambdaW: 1e-2,
  lambdaH: 1e-2,
  lambdaB: 0,
  bias: false,
};

/** The instance with λ_W, λ_H rescaled (ratio kept) so that K√(nλ_Wλ_H) = κ. */
function atKappa(p: UfmProblem, n: number, kappa: number): UfmProblem {
  const r = Math.sqrt(p.lambdaW / p.lambdaH);
  const g = kappa / (p.K * Math.sqrt(n));
  return { ...p, lambdaW: g * r, lambdaH: g / r };
}

/**
 * @param base - the instance whose shape (loss, K, d, n, bias, λ_W/λ_H) is swept over κ
 * @param source - where the shape comes from (caption)
 */
export function originCurvatureFigure(base: UfmProblem, source: string): Figure | undefined {
  const n = balancedN(base);
  if (n === undefined || (base.loss !== 'ce' && base.loss !== 'mse')) return undefined;
  const loss = lossById(base.loss);
  const inst = (p: UfmProblem): Parameters<typeof originLambdaMin>[0] => ({
    loss: p.loss as 'ce' | 'mse',
    K: p.K,
    n,
    lambdaW: p.lambdaW,
    lambdaH: p.lambdaH,
    bias: p.bias,
    lambdaB: p.lambdaB,
  });
  const curve: { kappa: number; lambda: number }[] = [];
  for (let i = 0; i <= 120; i++) {
    const kappa = 0.1 + (2.9 * i) / 120;
    curve.push({ kappa, lambda: originLambdaMin(inst(atKappa(base, n, kappa))) });
  }
  const measured: { kappa: number; lambda: number }[] = [];
  for (let i = 0; i <= 14; i++) {
    const kappa = 0.1 + (2.9 * i) / 14;
    const p = atKappa(base, n, kappa);
    const o = originPoint(p, loss);
    measured.push({ kappa, lambda: denseHessianEig(ufmObjective(p, loss), o.theta).values[0] as number });
  }
  const maxErr = Math.max(
    ...measured.map((m) => Math.abs(m.lambda - originLambdaMin(inst(atKappa(base, n, m.kappa))))),
  );
  return {
    id: 'origin-curvature',
    title: 'λ_min of the Hessian at the origin against κ',
    caption: `${problemCaption(base)} (${source}), λ_W/λ_H fixed, κ swept from 0.1 to 3. Curve: closed form (THEORY.md §6.1); points: smallest eigenvalue of the dense Hessian at the origin critical point (largest deviation ${num(maxErr, 2)}). The sign changes at κ = 1.`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 420,
      height: 260,
      layer: [
        {
          data: { values: [{ y: 0 }] },
          mark: { type: 'rule', color: '#999' },
          encoding: { y: { field: 'y', type: 'quantitative' } },
        },
        {
          data: { values: [{ x: 1 }] },
          mark: { type: 'rule', color: '#999', strokeDash: [4, 3] },
          encoding: { x: { field: 'x', type: 'quantitative' } },
        },
        {
          data: { values: curve.map((c) => ({ ...c, series: 'closed form q (§6.1)' })) },
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            x: { field: 'kappa', type: 'quantitative', title: 'κ = K√(n λ_W λ_H)' },
            y: { field: 'lambda', type: 'quantitative', title: 'λ_min(∇²f) at the origin' },
            color: {
              field: 'series',
              type: 'nominal',
              title: null,
              scale: { range: ['#1f77b4', '#d62728'] },
              legend: { orient: 'bottom', labelLimit: 400 },
            },
          },
        },
        {
          data: { values: measured.map((c) => ({ ...c, series: 'dense Hessian (measured)' })) },
          mark: { type: 'point', filled: true, size: 40 },
          encoding: {
            x: { field: 'kappa', type: 'quantitative' },
            y: { field: 'lambda', type: 'quantitative' },
            color: { field: 'series', type: 'nominal' },
          },
        },
        {
          data: { values: [{ x: 1, label: 'κ = 1' }] },
          mark: { type: 'text', align: 'left', dx: 4, baseline: 'top', y: 4, color: '#555' },
          encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    },
  };
}
