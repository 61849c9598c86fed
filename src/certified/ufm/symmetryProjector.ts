/**
 * The orthogonal projector onto the tangent space of the O(d) orbit (and the CE bias shift) of the plain UFM,
 * applied on the fly — no d(d−1)/2 dense tangents (issue 12 item 4; THEORY.md §0 for the symmetry).
 *
 * Coordinates: the scaled collapsed layout u = [W K×d | U d×K | b K] of solve.ts (u_k = √n_k h̄_k), in which the
 * rotation Q ∈ O(d) acts as (W, U) → (W Qᵀ, Q U). Its tangents are L(A) = (W Aᵀ, A U, 0), A skew d×d
 * (curvature.ts's `symmetryBasis` builds the same vectors for A = e_p e_qᵀ − e_q e_pᵀ).
 *
 * Derivation. With ⟨·,·⟩ the Frobenius product, ⟨(X, Y), L(A)⟩ = ⟨XᵀW + Y Uᵀ, A⟩, so the adjoint into the skew
 * matrices is Lᵀ(X, Y) = Skew(XᵀW + Y Uᵀ), Skew(M) = (M − Mᵀ)/2, and
 *
 *     LᵀL(A) = Skew(A WᵀW + A U Uᵀ) = (A S + S A)/2,   S = WᵀW + U Uᵀ  (d×d, ⪰ 0, rank m ≤ 2K).
 *
 * The projector is P = L (LᵀL)⁺ Lᵀ: a Lyapunov equation (A S + S A)/2 = B per application. In an eigenbasis
 * S = Σ λ_i v_i v_iᵀ it is diagonal: Ã_ij (λ_i + λ_j)/2 = B̃_ij, and the tangents t_ij = L(v_i v_jᵀ − v_j v_iᵀ) are
 * mutually orthogonal with ‖t_ij‖² = λ_i + λ_j. Pairs with λ_i = λ_j = 0 give t_ij = 0 (W v = 0 and Uᵀv = 0 there)
 * and are left out (the pseudo-inverse). Only the range of S matters: with Q (d×m) an orthonormal eigenbasis of it,
 * Λ = diag(λ_1..λ_m), B = Skew(XᵀW + Y Uᵀ) and the d−m null directions never formed, A = Q A_QQ Qᵀ + C Qᵀ − Q Cᵀ with
 *
 *     T    = (WQ)ᵀ(XQ) + (UᵀQ)ᵀ(YᵀQ)                      (m×m),   Qᵀ B Q = (Tᵀ − T)/2,
 *     A_QQ = (Tᵀ − T)_ij / (λ_i + λ_j)                     (pairs inside the range),
 *     C    = (I − QQᵀ) B Q · 2Λ⁻¹ = (Xᵀ(WQ) + Y(UᵀQ) − Q Tᵀ) Λ⁻¹   (pairs range × null space),
 *
 * and since W(I − QQᵀ) = 0, (I − QQᵀ)U = 0: W Aᵀ = (WQ) Dᵀ and A U = D (UᵀQ)ᵀ with D = Q A_QQ + C. Per application
 * that is ≈ 12·K·d·m + 2·d·m² + 4·K·m² flops (m ≤ 2K), against d(d−1)/2 dense vectors of length 2Kd + K before.
 *
 * Numerics. Eigenvalues below η·λ_max, η = 1e-9, are the numerical null space (their pairs are tangents of norm
 * ≤ √(2η)·‖S‖^½). When d ≤ 2K (the rank-reduced paper shapes) Q and Λ are the kept eigenpairs of S itself, one d×d
 * eigendecomposition; otherwise Q comes from the eigenpairs of the 2K×2K Gram matrix [W; Uᵀ][W; Uᵀ]ᵀ,
 * re-orthonormalised by two Gram–Schmidt passes and rotated to the eigenbasis of QᵀSQ. The projector is then exactly that of the point
 * θ̃ = (W QQᵀ, QQᵀ U, b) — within √(η·λ_max·(d−m)) of θ — and exactly symmetric in exact arithmetic (P = Σ t̃ t̃ᵀ).
 * Its defect from a projector is bounded by `defect` = ‖Gram(t̃) − I‖₂ ≤ 2(ρ + 2ω‖S‖)/s_min + 2ω with ρ = ‖ΛQᵀSQ − Λ‖_F
 * (the eigen residual), ω = ‖QᵀQ − I‖_F and s_min the smallest kept λ_i + λ_j or λ_i (the Lyapunov operator is
 * diag(s/2) + R with ‖R‖ ≤ ρ + 2ω‖S‖). curvature.ts turns it into an eigenvalue slack.
 *
 * The CE bias shift (0, 0, 1) (shift-invariant loss, free bias, λ_b = 0) is orthogonal to every rotation tangent
 * (zero bias part), so P adds its rank-one projector: b → mean(b)·1.
 */
import { gemmKernels, symEigPacked } from '../../linalg/index.ts';
import type { GemmEngine, GemmKernels } from '../../linalg/index.ts';
import type { LogitLoss } from '../../losses/index.ts';
import type { UfmProblem } from '../../models/index.ts';

/** Relative eigenvalue floor of S below which a direction counts as the null space. */
const NULL_REL = 1e-9;

export interface SymmetryProjector {
  /** Length of the vectors it acts on (scaled collapsed layout, 2Kd (+ K)). */
  readonly dim: number;
  /** out ← P v (v and out must not alias). */
  project(v: Float64Array, out: Float64Array): void;
  /** Rank of P: m(m−1)/2 + m(d−m) rotation tangents (+1 for the bias shift). */
  readonly rank: number;
  /** Rank m of S = WᵀW + UUᵀ kept. */
  readonly m: number;
  /** Bound on ‖P − P'‖₂ for the exact orthogonal projector P' onto the span of the computed tangents (module doc). */
  readonly defect: number;
}

/**
 * Builds the projector at u (scaled collapsed layout [W K×d | U d×K | b]).
 * @param problem - K, d, bias mode
 * @param loss - decides whether the bias shift is a symmetry (shift-invariant loss, free bias)
 * @param u - the point
 * @param engine - kernels of the products (src/linalg/gemmAuto.ts): 'auto' puts the K×d×m ones on WebAssembly SIMD
 */
export function symmetryProjector(
  problem: UfmProblem,
  loss: LogitLoss,
  u: Float64Array,
  engine: GemmEngine = 'auto',
): SymmetryProjector {
  const mm = gemmKernels(engine);
  const { nn: gemmNN, nt: gemmNT, tn: gemmTN } = mm;
  const { K, d } = problem;
  const offU = K * d,
    offB = 2 * K * d,
    n = u.length;
  const biasShift = problem.bias && problem.lambdaB === 0 && loss.traits.shiftInvariant;
  const { Q, lam, m } = d <= 2 * K ? eigenbasisOfS(K, d, u, mm) : eigenbasisViaGram(K, d, u, mm);
  const WQ = new Float64Array(K * m),
    UtQ = new Float64Array(K * m);
  gemmNN(K, m, d, 1, u, d, Q, m, 0, WQ, m);
  gemmTN(K, m, d, 1, u, K, Q, m, 0, UtQ, m, offU);
  // Defect bound: ρ = ‖(WQ)ᵀWQ + (UᵀQ)ᵀUᵀQ − Λ‖_F, ω = ‖QᵀQ − I‖_F, s_min = smallest kept λ (pairs range × null) or 2λ_min.
  const R = new Float64Array(m * m),
    O = new Float64Array(m * m);
  gemmTN(m, m, K, 1, WQ, m, WQ, m, 0, R, m);
  gemmTN(m, m, K, 1, UtQ, m, UtQ, m, 1, R, m);
  gemmTN(m, m, d, 1, Q, m, Q, m, 0, O, m);
  let rho2 = 0,
    om2 = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      rho2 += ((R[i * m + j] as number) - (i === j ? (lam[i] as number) : 0)) ** 2;
      om2 += ((O[i * m + j] as number) - (i === j ? 1 : 0)) ** 2;
    }
  }
  const lamMax = m > 0 ? (lam[0] as number) : 0;
  const sMin = m > 0 ? (m < d ? (lam[m - 1] as number) : 2 * (lam[m - 1] as number)) : 1;
  const omega = Math.sqrt(om2);
  const defect = m > 0 ? (sMin > 0 ? (2 * (Math.sqrt(rho2) + 2 * omega * lamMax)) / sMin + 2 * omega : Infinity) : 0;
  const invLam = Float64Array.from(lam, (x) => 1 / x);

  // Workspaces of one application.
  const XQ = new Float64Array(K * m),
    YtQ = new Float64Array(K * m),
    T = new Float64Array(m * m),
    E = new Float64Array(m * m);
  const D = new Float64Array(d * m);
  const rank = (m * (m - 1)) / 2 + m * (d - m) + (biasShift ? 1 : 0);
  return {
    dim: n,
    rank,
    m,
    defect,
    project(v: Float64Array, out: Float64Array): void {
      out.fill(0);
      if (m > 0) {
        gemmNN(K, m, d, 1, v, d, Q, m, 0, XQ, m); // X Q
        gemmTN(K, m, d, 1, v, K, Q, m, 0, YtQ, m, offU); // Yᵀ Q
        gemmTN(m, m, K, 1, WQ, m, XQ, m, 0, T, m); // T = (WQ)ᵀ(XQ) + (UᵀQ)ᵀ(YᵀQ)
        gemmTN(m, m, K, 1, UtQ, m, YtQ, m, 1, T, m);
        // E = A_QQ − Tᵀ Λ⁻¹, so that D = Q E + (Xᵀ(WQ) + Y(UᵀQ)) Λ⁻¹.
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < m; j++) {
            const tij = T[i * m + j] as number,
              tji = T[j * m + i] as number;
            E[i * m + j] = (tji - tij) / ((lam[i] as number) + (lam[j] as number)) - tji * (invLam[j] as number);
          }
        }
        gemmTN(d, m, K, 1, v, d, WQ, m, 0, D, m); // Xᵀ (WQ)
        gemmNN(d, m, K, 1, v, K, UtQ, m, 1, D, m, offU); // + Y (UᵀQ)
        for (let r = 0; r < d; r++)
          for (let j = 0; j < m; j++) D[r * m + j] = (D[r * m + j] as number) * (invLam[j] as number);
        gemmNN(d, m, m, 1, Q, m, E, m, 1, D, m); // + Q E
        gemmNT(K, d, m, 1, WQ, m, D, m, 0, out, d); // W part: (WQ) Dᵀ
        gemmNT(d, K, m, 1, D, m, UtQ, m, 0, out, K, 0, 0, offU); // U part: D (UᵀQ)ᵀ
      }
      if (biasShift) {
        let s = 0;
        for (let k = 0; k < K; k++) s += v[offB + k] as number;
        for (let k = 0; k < K; k++) out[offB + k] = s / K;
      }
    },
  };
}

/** An orthonormal eigenbasis Q (d×m, row-major) of the range of S = WᵀW + UUᵀ with its eigenvalues, descending. */
interface RangeEigenbasis {
  readonly Q: Float64Array;
  readonly lam: Float64Array;
  readonly m: number;
}

/**
 * d ≤ 2K (the rank-reduced paper shapes, d′ = K): one d×d eigendecomposition of S = WᵀW + UUᵀ itself, eigenvalues
 * below η·λ_max dropped. The eigensolver's vectors are orthonormal to rounding and already diagonalise S; the defect
 * bound measures both (ρ, ω) a posteriori, so nothing else is assumed. At K = d = 1000 this replaces a 2K×2K and an
 * m×m eigendecomposition and two Gram–Schmidt passes (≈ 8× the flops of the d×d one).
 */
function eigenbasisOfS(K: number, d: number, u: Float64Array, mm: GemmKernels): RangeEigenbasis {
  const offU = K * d;
  const S = new Float64Array(d * d);
  mm.tn(d, d, K, 1, u, d, u, d, 0, S, d); // WᵀW
  mm.nt(d, d, K, 1, u, K, u, K, 1, S, d, offU, offU); // + UUᵀ
  const es = symEigPacked(d, S);
  const lmax = Math.max(0, es.values[d - 1] ?? 0);
  const keep: number[] = [];
  for (let i = d - 1; i >= 0; i--) if (lmax > 0 && (es.values[i] as number) > NULL_REL * lmax) keep.push(i);
  const m = keep.length;
  const Q = new Float64Array(d * m),
    lam = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = keep[j] as number;
    lam[j] = es.values[i] as number;
    for (let r = 0; r < d; r++) Q[r * m + j] = es.vectors[r * d + i] as number;
  }
  return { Q, lam, m };
}

/**
 * d > 2K: from the 2K×2K Gram matrix [W; Uᵀ][W; Uᵀ]ᵀ (module doc, Numerics), re-orthonormalised by two Gram–Schmidt
 * passes and rotated to the eigenbasis of QᵀSQ.
 */
function eigenbasisViaGram(K: number, d: number, u: Float64Array, mm: GemmKernels): RangeEigenbasis {
  const { nn: gemmNN, nt: gemmNT, tn: gemmTN } = mm;
  const offU = K * d;
  // M = [W; Uᵀ] (2K×d); Gram G = M Mᵀ.
  const K2 = 2 * K;
  const M = new Float64Array(K2 * d);
  M.set(u.subarray(0, K * d), 0);
  for (let r = 0; r < d; r++) for (let k = 0; k < K; k++) M[(K + k) * d + r] = u[offU + r * K + k] as number;
  const G = new Float64Array(K2 * K2);
  gemmNT(K2, K2, d, 1, M, d, M, d, 0, G, K2);
  const eg = symEigPacked(K2, G);
  const gMax = Math.max(0, eg.values[K2 - 1] ?? 0);
  const keep: number[] = [];
  for (let i = K2 - 1; i >= 0; i--) if ((eg.values[i] as number) > NULL_REL * gMax && gMax > 0) keep.push(i);
  let m = keep.length;
  // Q0 = Mᵀ V Σ⁻¹ (d×m), columns from the largest σ; then two Gram–Schmidt passes (columns of a d×m row-major array).
  let Q: Float64Array = new Float64Array(d * m);
  for (let j = 0; j < m; j++) {
    const i = keep[j] as number,
      s = 1 / Math.sqrt(eg.values[i] as number);
    for (let a = 0; a < K2; a++) {
      const va = (eg.vectors[a * K2 + i] as number) * s;
      if (va === 0) continue;
      for (let r = 0; r < d; r++) Q[r * m + j] = (Q[r * m + j] as number) + va * (M[a * d + r] as number);
    }
  }
  m = gramSchmidtColumns(Q, d, m);
  if (m < keep.length) Q = compactColumns(Q, d, keep.length, m);
  // Rotate Q to the eigenbasis of QᵀSQ = (MQ)ᵀ(MQ).
  const MQ = new Float64Array(K2 * m);
  gemmNN(K2, m, d, 1, M, d, Q, m, 0, MQ, m);
  const SQ = new Float64Array(m * m);
  gemmTN(m, m, K2, 1, MQ, m, MQ, m, 0, SQ, m);
  const es = symEigPacked(m, SQ);
  // Descending order.
  const Z = new Float64Array(m * m),
    lam = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = m - 1 - j;
    lam[j] = es.values[i] as number;
    for (let r = 0; r < m; r++) Z[r * m + j] = es.vectors[r * m + i] as number;
  }
  const Qr = new Float64Array(d * m);
  gemmNN(d, m, m, 1, Q, m, Z, m, 0, Qr, m);
  Q = Qr;
  return { Q, lam, m };
}

/**
 * Two passes of modified Gram–Schmidt over the m columns of the d×m row-major array Q, in place; a column whose
 * remainder is ≤ 1e-9 of its norm is dropped (later columns shift left). Returns the number kept. Exported for its
 * unit test: eigenbasisViaGram's columns are orthonormal to ~u·√(λ_max/λ_i), so no input of the projector reaches the
 * drop (tests/unit/certified/ufm/gramSchmidtColumns.test.ts).
 */
export function gramSchmidtColumns(Q: Float64Array, d: number, m: number): number {
  let kept = 0;
  for (let j = 0; j < m; j++) {
    let n0 = 0;
    for (let r = 0; r < d; r++) n0 += (Q[r * m + j] as number) ** 2;
    n0 = Math.sqrt(n0);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < kept; i++) {
        let c = 0;
        for (let r = 0; r < d; r++) c += (Q[r * m + i] as number) * (Q[r * m + j] as number);
        for (let r = 0; r < d; r++) Q[r * m + j] = (Q[r * m + j] as number) - c * (Q[r * m + i] as number);
      }
    }
    let n1 = 0;
    for (let r = 0; r < d; r++) n1 += (Q[r * m + j] as number) ** 2;
    n1 = Math.sqrt(n1);
    if (!(n1 > 1e-9 * n0)) continue;
    for (let r = 0; r < d; r++) Q[r * m + kept] = (Q[r * m + j] as number) / n1;
    kept++;
  }
  return kept;
}

/** The first m columns of a d×mOld row-major array, as a d×m array (exported for its unit test, as above). */
export function compactColumns(Q: Float64Array, d: number, mOld: number, m: number): Float64Array {
  const out = new Float64Array(d * m);
  for (let r = 0; r < d; r++) for (let j = 0; j < m; j++) out[r * m + j] = Q[r * mOld + j] as number;
  return out;
}
