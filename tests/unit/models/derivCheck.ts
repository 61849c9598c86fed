/**
 * Derivative checks shared by the loss and model tests (pymanopt's check_gradient / check_hessian, returning data).
 *
 * - `centralDiffGrad`: ∂f/∂θ_i ≈ (f(θ + h e_i) − f(θ − h e_i)) / 2h. Error ≤ (h²/6)·|f‴| + ε|f|/h; with h = 1e-5
 *   and the O(1) points used here (|f‴| ≲ 10², |f| ≲ 10) that is ≤ 2e-9 + 2e-10, so tests compare with 1e-7.
 * - `taylorSlope`: least-squares slope of log r(t) against log t, where for the gradient
 *   r(t) = |f(θ + t v) − f(θ) − t ∇f·v| = O(t²) and for the HVP r(t) = |… − (t²/2) vᵀ∇²f v| = O(t³). The window
 *   t ∈ [1e-3, 1e-1]·(1/‖v‖) keeps r well above rounding (ε|f| ≈ 1e-15 ≪ c·t³ ≈ 1e-9 at the low end for
 *   c ≳ 1e-3) and the next Taylor term small; a wrong derivative flattens the slope to 1 (gradient) or 2 (HVP).
 */
import type { Objective } from '../../../src/models/index.ts';

/** θ + t·v (new array). */
export function along(theta: Float64Array, v: Float64Array, t: number): Float64Array {
  const x = new Float64Array(theta.length);
  for (let i = 0; i < x.length; i++) x[i] = (theta[i] as number) + t * (v[i] as number);
  return x;
}

export function dotv(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

export function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** Central-difference gradient of a scalar function. */
export function centralDiffGrad(f: (x: Float64Array) => number, theta: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) {
    const p = theta.slice();
    const m = theta.slice();
    p[i] = (p[i] as number) + h;
    m[i] = (m[i] as number) - h;
    g[i] = (f(p) - f(m)) / (2 * h);
  }
  return g;
}

/** Central difference of the gradient along v: (∇f(θ + h v) − ∇f(θ − h v)) / 2h ≈ ∇²f(θ) v. */
export function centralDiffHvp(obj: Objective, theta: Float64Array, v: Float64Array, h = 1e-5): Float64Array {
  const gp = new Float64Array(obj.dim);
  const gm = new Float64Array(obj.dim);
  obj.valueAndGrad(along(theta, v, h), gp);
  obj.valueAndGrad(along(theta, v, -h), gm);
  const out = new Float64Array(obj.dim);
  for (let i = 0; i < out.length; i++) out[i] = ((gp[i] as number) - (gm[i] as number)) / (2 * h);
  return out;
}

/** Least-squares slope of log y against log x. */
export function logSlope(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  lx.forEach((x, i) => {
    sxy += (x - mx) * ((ly[i] as number) - my);
    sxx += (x - mx) ** 2;
  });
  return sxy / sxx;
}

/** Taylor-remainder slopes at θ along v: { grad ≈ 2, hess ≈ 3 } for exact derivatives. */
export function taylorSlopes(obj: Objective, theta: Float64Array, v: Float64Array): { grad: number; hess: number } {
  const g = new Float64Array(obj.dim);
  const f0 = obj.valueAndGrad(theta, g);
  const gv = dotv(g, v);
  const Hv = new Float64Array(obj.dim);
  obj.hessianAt(theta).apply(v, Hv);
  const vHv = dotv(v, Hv);
  const nv = Math.sqrt(dotv(v, v));
  const ts: number[] = [];
  for (let i = 0; i <= 8; i++) ts.push((1e-3 * 10 ** ((2 * i) / 8)) / nv);
  const r1: number[] = [];
  const r2: number[] = [];
  for (const t of ts) {
    const ft = obj.value(along(theta, v, t));
    r1.push(Math.abs(ft - f0 - t * gv));
    r2.push(Math.abs(ft - f0 - t * gv - 0.5 * t * t * vHv));
  }
  return { grad: logSlope(ts, r1), hess: logSlope(ts, r2) };
}
