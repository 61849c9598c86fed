/**
 * Small objectives with exact derivatives and known critical points, shared by the solver, Lanczos and
 * certificate tests (they exercise the generic Objective contract without the UFM).
 */
import type { Objective, LinOp } from '../../../src/models/objective.ts';
import type { Rng } from '../../../src/core/index.ts';

/** f(x) = ½ xᵀAx − bᵀx with A dense symmetric n×n (row-major). Minimiser A⁻¹b when A ≻ 0. */
export function quadratic(n: number, A: Float64Array, b: Float64Array): Objective {
  const Ax = new Float64Array(n);
  const mul = (x: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j]! * x[j]!;
      out[i] = s;
    }
  };
  return {
    dim: n,
    value(x) {
      mul(x, Ax);
      let f = 0;
      for (let i = 0; i < n; i++) f += 0.5 * x[i]! * Ax[i]! - b[i]! * x[i]!;
      return f;
    },
    valueAndGrad(x, g) {
      mul(x, Ax);
      let f = 0;
      for (let i = 0; i < n; i++) {
        f += 0.5 * x[i]! * Ax[i]! - b[i]! * x[i]!;
        g[i] = Ax[i]! - b[i]!;
      }
      return f;
    },
    hessianAt(): LinOp {
      return { dim: n, apply: (v, out) => mul(v, out) };
    },
  };
}

/** Diagonal quadratic f(x) = ½ Σ dᵢ (xᵢ − cᵢ)². */
export function diagQuadratic(d: Float64Array, c: Float64Array): Objective {
  const n = d.length;
  return {
    dim: n,
    value(x) {
      let f = 0;
      for (let i = 0; i < n; i++) f += 0.5 * d[i]! * (x[i]! - c[i]!) ** 2;
      return f;
    },
    valueAndGrad(x, g) {
      let f = 0;
      for (let i = 0; i < n; i++) {
        const r = x[i]! - c[i]!;
        f += 0.5 * d[i]! * r * r;
        g[i] = d[i]! * r;
      }
      return f;
    },
    hessianAt(): LinOp {
      return {
        dim: n,
        apply: (v, out) => {
          for (let i = 0; i < n; i++) out[i] = d[i]! * v[i]!;
        },
      };
    },
  };
}

/** Random symmetric n×n matrix Q diag(eigs) Qᵀ with Q from Gram–Schmidt on Gaussian columns. */
export function randomSymmetric(n: number, eigs: Float64Array, rng: Rng): Float64Array {
  const Q = randomOrthonormal(n, n, rng);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q[i * n + k]! * eigs[k]! * Q[j * n + k]!;
      A[i * n + j] = s;
      A[j * n + i] = s;
    }
  }
  return A;
}

/** p×r matrix (row-major) with orthonormal columns (modified Gram–Schmidt, twice). */
export function randomOrthonormal(p: number, r: number, rng: Rng): Float64Array {
  const Q = new Float64Array(p * r);
  rng.fillNormal(Q);
  for (let c = 0; c < r; c++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let c2 = 0; c2 < c; c2++) {
        let s = 0;
        for (let i = 0; i < p; i++) s += Q[i * r + c]! * Q[i * r + c2]!;
        for (let i = 0; i < p; i++) Q[i * r + c]! -= s * Q[i * r + c2]!;
      }
    }
    let s = 0;
    for (let i = 0; i < p; i++) s += Q[i * r + c]! ** 2;
    s = Math.sqrt(s);
    for (let i = 0; i < p; i++) Q[i * r + c]! /= s;
  }
  return Q;
}

/** Chained Rosenbrock f(x) = Σ_{i<n−1} 100(x_{i+1} − x_i²)² + (1 − x_i)²; unique minimiser 1 (n ≤ 3), f* = 0. */
export function rosenbrock(n: number): Objective {
  const grad = (x: Float64Array, g: Float64Array | null): number => {
    let f = 0;
    if (g) g.fill(0);
    for (let i = 0; i < n - 1; i++) {
      const a = x[i + 1]! - x[i]! * x[i]!;
      const b = 1 - x[i]!;
      f += 100 * a * a + b * b;
      if (g) {
        g[i]! += -400 * x[i]! * a - 2 * b;
        g[i + 1]! += 200 * a;
      }
    }
    return f;
  };
  return {
    dim: n,
    value: (x) => grad(x, null),
    valueAndGrad: (x, g) => grad(x, g),
    hessianAt(theta): LinOp {
      const x = theta.slice();
      return {
        dim: n,
        apply(v, out) {
          out.fill(0);
          for (let i = 0; i < n - 1; i++) {
            // Hessian of 100 a² + (1 − x_i)² in (x_i, x_{i+1}).
            const hii = 1200 * x[i]! * x[i]! - 400 * x[i + 1]! + 2;
            const hij = -400 * x[i]!;
            const hjj = 200;
            out[i]! += hii * v[i]! + hij * v[i + 1]!;
            out[i + 1]! += hij * v[i]! + hjj * v[i + 1]!;
          }
        },
      };
    },
  };
}

/** f(x, y) = x² − y² (+ c·y⁴/4 when c > 0, which makes it bounded below with minima at y = ±√(2/c)). */
export function saddle(c = 0): Objective {
  return {
    dim: 2,
    value: (t) => t[0]! * t[0]! - t[1]! * t[1]! + (c * t[1]! ** 4) / 4,
    valueAndGrad(t, g) {
      g[0] = 2 * t[0]!;
      g[1] = -2 * t[1]! + c * t[1]! ** 3;
      return t[0]! * t[0]! - t[1]! * t[1]! + (c * t[1]! ** 4) / 4;
    },
    hessianAt(theta): LinOp {
      const y = theta[1]!;
      return {
        dim: 2,
        apply(v, out) {
          out[0] = 2 * v[0]!;
          out[1] = (-2 + 3 * c * y * y) * v[1]!;
        },
      };
    },
  };
}

/**
 * "Mexican hat" f(x) = ¼(x₀² + x₁² − 1)² + ½ Σ_{i≥2} x_i²: a strict saddle (local max in the (x₀, x₁) plane,
 * λ = −1 twice) at 0 and a circle of minima x₀² + x₁² = 1 with one rotational zero mode (−x₁, x₀, 0, …).
 */
export function mexicanHat(n = 3): Objective {
  const val = (x: Float64Array, g: Float64Array | null): number => {
    const q = x[0]! * x[0]! + x[1]! * x[1]! - 1;
    let f = 0.25 * q * q;
    if (g) {
      g[0] = q * x[0]!;
      g[1] = q * x[1]!;
    }
    for (let i = 2; i < n; i++) {
      f += 0.5 * x[i]! * x[i]!;
      if (g) g[i] = x[i]!;
    }
    return f;
  };
  return {
    dim: n,
    value: (x) => val(x, null),
    valueAndGrad: (x, g) => val(x, g),
    hessianAt(theta): LinOp {
      const x0 = theta[0]!;
      const x1 = theta[1]!;
      const q = x0 * x0 + x1 * x1 - 1;
      return {
        dim: n,
        apply(v, out) {
          out[0] = (q + 2 * x0 * x0) * v[0]! + 2 * x0 * x1 * v[1]!;
          out[1] = 2 * x0 * x1 * v[0]! + (q + 2 * x1 * x1) * v[1]!;
          for (let i = 2; i < n; i++) out[i] = v[i]!;
        },
      };
    },
  };
}

/** Parameters of the matrix-factorisation objective {@link matrixFactorisation}. */
export interface MfSpec {
  readonly p: number;
  readonly q: number;
  readonly k: number;
  /** p×q target, row-major. */
  readonly M: Float64Array;
  readonly lambdaU: number;
  readonly lambdaV: number;
  /** Loss normaliser s in (1/(2s))‖UVᵀ − M‖². */
  readonly s: number;
}

/**
 * f(U, V) = (1/(2s))‖UVᵀ − M‖²_F + (λ_U/2)‖U‖² + (λ_V/2)‖V‖², U ∈ R^{p×k}, V ∈ R^{q×k}, θ = [vec U; vec V]
 * row-major (the bias-free MSE UFM with W = U, H = Vᵀ, THEORY.md §0.1). Invariant under U → UQ, V → VQ, Q ∈ O(k).
 */
export function matrixFactorisation(spec: MfSpec): Objective {
  const { p, q, k, M, lambdaU, lambdaV, s } = spec;
  const nU = p * k;
  const R = new Float64Array(p * q);
  const residual = (theta: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < q; j++) {
        let z = 0;
        for (let c = 0; c < k; c++) z += theta[i * k + c]! * theta[nU + j * k + c]!;
        out[i * q + j] = z - M[i * q + j]!;
      }
    }
  };
  const valueAt = (theta: Float64Array, Rm: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < p * q; i++) f += Rm[i]! * Rm[i]!;
    f /= 2 * s;
    let u = 0;
    for (let i = 0; i < nU; i++) u += theta[i]! * theta[i]!;
    let v = 0;
    for (let i = nU; i < theta.length; i++) v += theta[i]! * theta[i]!;
    return f + 0.5 * lambdaU * u + 0.5 * lambdaV * v;
  };
  return {
    dim: (p + q) * k,
    value(theta) {
      residual(theta, R);
      return valueAt(theta, R);
    },
    valueAndGrad(theta, g) {
      residual(theta, R);
      // ∇_U = R V / s + λ_U U ; ∇_V = Rᵀ U / s + λ_V V
      for (let i = 0; i < p; i++) {
        for (let c = 0; c < k; c++) {
          let a = 0;
          for (let j = 0; j < q; j++) a += R[i * q + j]! * theta[nU + j * k + c]!;
          g[i * k + c] = a / s + lambdaU * theta[i * k + c]!;
        }
      }
      for (let j = 0; j < q; j++) {
        for (let c = 0; c < k; c++) {
          let a = 0;
          for (let i = 0; i < p; i++) a += R[i * q + j]! * theta[i * k + c]!;
          g[nU + j * k + c] = a / s + lambdaV * theta[nU + j * k + c]!;
        }
      }
      return valueAt(theta, R);
    },
    hessianAt(theta0): LinOp {
      const th = theta0.slice();
      const R0 = new Float64Array(p * q);
      residual(th, R0);
      const dR = new Float64Array(p * q);
      return {
        dim: (p + q) * k,
        apply(v, out) {
          // ΔR = ΔU Vᵀ + U ΔVᵀ
          for (let i = 0; i < p; i++) {
            for (let j = 0; j < q; j++) {
              let z = 0;
              for (let c = 0; c < k; c++) {
                z += v[i * k + c]! * th[nU + j * k + c]! + th[i * k + c]! * v[nU + j * k + c]!;
              }
              dR[i * q + j] = z;
            }
          }
          // out_U = (ΔR V + R ΔV)/s + λ_U ΔU ; out_V = (ΔRᵀ U + Rᵀ ΔU)/s + λ_V ΔV
          for (let i = 0; i < p; i++) {
            for (let c = 0; c < k; c++) {
              let a = 0;
              for (let j = 0; j < q; j++) {
                a += dR[i * q + j]! * th[nU + j * k + c]! + R0[i * q + j]! * v[nU + j * k + c]!;
              }
              out[i * k + c] = a / s + lambdaU * v[i * k + c]!;
            }
          }
          for (let j = 0; j < q; j++) {
            for (let c = 0; c < k; c++) {
              let a = 0;
              for (let i = 0; i < p; i++) {
                a += dR[i * q + j]! * th[i * k + c]! + R0[i * q + j]! * v[i * k + c]!;
              }
              out[nU + j * k + c] = a / s + lambdaV * v[nU + j * k + c]!;
            }
          }
        },
      };
    },
  };
}

/** A matrix-factorisation instance together with its global minimiser in closed form. */
export interface MfInstance {
  readonly spec: MfSpec;
  readonly objective: Objective;
  /** A global minimiser (generic rotation applied), θ = [vec U; vec V]. */
  readonly thetaStar: Float64Array;
  /** The minimum value. */
  readonly fStar: number;
  /** Tangent vectors (U A, V A) of the O(k) orbit at θ*, one per basis skew matrix A = e_a e_bᵀ − e_b e_aᵀ. */
  readonly orbitTangents: Float64Array[];
}

/**
 * M = P diag(σ) Qᵀ (rank r) and the closed-form global minimiser of {@link matrixFactorisation}
 * (convex reformulation, THEORY.md §0.3): Z* = P diag((σᵢ − sγ)₊) Qᵀ with γ = √(λ_U λ_V), factored in balance
 * U = P diag(√zᵢ (λ_V/λ_U)^{1/4}) Rᵀ, V = Q diag(√zᵢ (λ_U/λ_V)^{1/4}) Rᵀ with R ∈ O(k) random (first r columns used).
 */
export function mfInstance(
  p: number,
  q: number,
  k: number,
  sigma: readonly number[],
  lambdaU: number,
  lambdaV: number,
  s: number,
  rng: Rng,
): MfInstance {
  const r = sigma.length;
  const P = randomOrthonormal(p, r, rng);
  const Q = randomOrthonormal(q, r, rng);
  const Rk = randomOrthonormal(k, k, rng);
  const M = new Float64Array(p * q);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < q; j++) {
      let z = 0;
      for (let c = 0; c < r; c++) z += P[i * r + c]! * (sigma[c] as number) * Q[j * r + c]!;
      M[i * q + j] = z;
    }
  const spec: MfSpec = { p, q, k, M, lambdaU, lambdaV, s };
  const gamma = Math.sqrt(lambdaU * lambdaV);
  const z = sigma.map((x) => Math.max(x - s * gamma, 0));
  const a = z.map((x) => Math.sqrt(x) * (lambdaV / lambdaU) ** 0.25);
  const b = z.map((x) => Math.sqrt(x) * (lambdaU / lambdaV) ** 0.25);
  const nU = p * k;
  const theta = new Float64Array((p + q) * k);
  for (let i = 0; i < p; i++)
    for (let c = 0; c < k; c++) {
      let u = 0;
      for (let t = 0; t < r; t++) u += P[i * r + t]! * (a[t] as number) * Rk[c * k + t]!;
      theta[i * k + c] = u;
    }
  for (let j = 0; j < q; j++)
    for (let c = 0; c < k; c++) {
      let v = 0;
      for (let t = 0; t < r; t++) v += Q[j * r + t]! * (b[t] as number) * Rk[c * k + t]!;
      theta[nU + j * k + c] = v;
    }
  // f* = Σ over thresholded values: (1/(2s))Σ (σ − z)² + γ Σ z.
  let fStar = 0;
  for (let t = 0; t < r; t++) {
    const zt = z[t] as number;
    fStar += ((sigma[t] as number) - zt) ** 2 / (2 * s) + gamma * zt;
  }
  const orbitTangents: Float64Array[] = [];
  for (let e1 = 0; e1 < k; e1++)
    for (let e2 = e1 + 1; e2 < k; e2++) {
      const t = new Float64Array(theta.length);
      // (X A)[i, c] with A = e1 e2ᵀ − e2 e1ᵀ: column e2 gets X[:, e1], column e1 gets −X[:, e2].
      for (let i = 0; i < p + q; i++) {
        t[i * k + e2] = theta[i * k + e1]!;
        t[i * k + e1] = -theta[i * k + e2]!;
      }
      orbitTangents.push(t);
    }
  return { spec, objective: matrixFactorisation(spec), thetaStar: theta, fStar, orbitTangents };
}

/** Wraps an objective so that f and ∇f become NaN from the `after`-th evaluation on (a model of overflow). */
export function nanAfter(obj: Objective, after: number): Objective {
  let calls = 0;
  return {
    dim: obj.dim,
    value(x) {
      calls++;
      return calls > after ? NaN : obj.value(x);
    },
    valueAndGrad(x, g) {
      calls++;
      const f = obj.valueAndGrad(x, g);
      if (calls > after) {
        g.fill(NaN);
        return NaN;
      }
      return f;
    },
    hessianAt: (x) => obj.hessianAt(x),
  };
}

/**
 * ℓ2-regularised logistic regression f(w) = (1/m) Σ log(1 + exp(−yᵢ aᵢᵀw)) + (λ/2)‖w‖² with unit rows aᵢ and
 * random labels: strongly convex (μ ≥ λ) with a Lipschitz Hessian, ‖∇³f‖ ≤ max|ℓ‴| = 1/(6√3) (since ‖aᵢ‖ = 1).
 */
export function logistic(m: number, n: number, lambda: number, rng: Rng): Objective {
  const A = rng.fillNormal(new Float64Array(m * n));
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j]! ** 2;
    s = Math.sqrt(s);
    for (let j = 0; j < n; j++) A[i * n + j]! /= s;
  }
  const y = Float64Array.from({ length: m }, () => (rng.uniform() < 0.5 ? -1 : 1));
  const margin = (w: Float64Array, i: number): number => {
    let t = 0;
    for (let j = 0; j < n; j++) t += A[i * n + j]! * w[j]!;
    return y[i]! * t;
  };
  const loss = (t: number): number => (t > 0 ? Math.log1p(Math.exp(-t)) : -t + Math.log1p(Math.exp(t)));
  const val = (w: Float64Array, g: Float64Array | null): number => {
    let f = 0;
    if (g) for (let j = 0; j < n; j++) g[j] = lambda * w[j]!;
    for (let i = 0; i < m; i++) {
      const t = margin(w, i);
      f += loss(t) / m;
      if (g) {
        const d = ((-1 / (1 + Math.exp(t))) * y[i]!) / m; // ℓ′(t)·yᵢ/m
        for (let j = 0; j < n; j++) g[j]! += d * A[i * n + j]!;
      }
    }
    let r = 0;
    for (let j = 0; j < n; j++) r += w[j]! * w[j]!;
    return f + 0.5 * lambda * r;
  };
  return {
    dim: n,
    value: (w) => val(w, null),
    valueAndGrad: (w, g) => val(w, g),
    hessianAt(w0): LinOp {
      const c = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        const s = 1 / (1 + Math.exp(-margin(w0, i)));
        c[i] = (s * (1 - s)) / m;
      }
      return {
        dim: n,
        apply(v, out) {
          for (let j = 0; j < n; j++) out[j] = lambda * v[j]!;
          for (let i = 0; i < m; i++) {
            let av = 0;
            for (let j = 0; j < n; j++) av += A[i * n + j]! * v[j]!;
            const s = c[i]! * av;
            for (let j = 0; j < n; j++) out[j]! += s * A[i * n + j]!;
          }
        },
      };
    },
  };
}
