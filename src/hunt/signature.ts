/**
 * Mechanism signatures of plain-UFM hunt hits (issue 9 item 6; src/hunt/mechanism.ts): the structural
 * properties of the classifier configuration W (rows w_k) of the point a probe certified, computed from the point
 * with a tolerance derived from its certificate — never guessed from the instance.
 *
 * **Tolerance.** The second-order certificate gives δ = 2ε/μ (huntMultistart.ts, tolerance.ts): the exact critical
 * point θ* lies within δ of θ modulo the O(d) orbit (and the CE bias shift). Every property below is O(d)-invariant
 * and reads only W, and ‖W − W*‖_F ≤ δ, so with τ = max(δ, 64·u·max‖w_k‖) (the floor covers the rounding of the
 * norms and differences themselves):
 *   - class k is **at w = 0** when ‖w_k‖ ≤ τ (an exact zero of θ* is within δ);
 *   - classes j, k are **merged** when ‖w_j − w_k‖ ≤ 2τ;
 *   - norms are **equal** when every |‖w_j‖ − ‖w_k‖| ≤ 2τ;
 *   - **rank W** = #{σ_i > τ} (Weyl: σ_i(W*) = 0 ⇒ σ_i(W) ≤ ‖W − W*‖₂ ≤ δ);
 *   - the non-zero groups form a **regular m-gon** when rank W = 2, the norms are equal and, in the plane of the two
 *     leading right singular vectors, the sorted angle gaps all equal 2π/m within 2·asin(τ/(r − τ)) + 1e-12
 *     (each vector of norm ≥ r moves by at most τ).
 * When the certificate gives no finite δ (a degenerate point, μ = 0), τ falls back to 1e-6·max‖w_k‖ and the
 * analysis is flagged 'heuristic tolerance'.
 *
 * **Signature** (independent of K, n and the λ's, so shrinking may change them): the d-regime (d=1, d=2, d≥3), bias
 * on/off, the number of classes at w = 0, the merge pattern (distinct / merged pairwise / merged in m-tuples / partly
 * merged), and the shape: 'regular (K−c)-gon' (c = classes at w = 0; '(K−c)/s-gon' when merged in s-tuples), or
 * 'rank r, equal|unequal norms' with r written relative to d ('rank d', 'rank d−1', …).
 *
 * @see THEORY.md §7.1 (the mechanisms seen so far), §6.4 (class merging)
 */
import type { Json } from '../claim/index.ts';
import { decodeNumber } from '../claim/index.ts';
import { matOf, type Mat } from '../core/index.ts';
import { classMeans, ncMetrics } from '../geometry/index.ts';
import { svd } from '../linalg/index.ts';
import { ufmLayout, type UfmProblem } from '../models/index.ts';

const U = 2 ** -53;

/** The structure of a classifier configuration (module comment). */
export interface UfmStructure {
  readonly K: number;
  readonly d: number;
  /** The tolerance τ used. */
  readonly tolerance: number;
  /** True when τ is the heuristic fallback (no finite δ). */
  readonly heuristic: boolean;
  /** Classes at w = 0. */
  readonly centre: readonly number[];
  /** Groups of merged non-zero classes (each ascending; groups by first member). Singletons included. */
  readonly groups: readonly (readonly number[])[];
  /** Numerical rank of W. */
  readonly rank: number;
  /** All non-zero classes have equal norms. */
  readonly equalNorms: boolean;
  /** The distinct norm levels of the non-zero classes, descending. */
  readonly normLevels: readonly number[];
  /** Number of vertices when the groups form a regular polygon (rank 2, equal norms, equispaced), else 0. */
  readonly polygon: number;
}

/**
 * The structure of W (K×d, row k = w_k) at tolerance τ (module comment).
 *
 * @param W - the classifier, K×d
 * @param delta - the certified distance bound δ (Infinity or NaN when there is none)
 * @returns the structure
 * @example
 * ufmStructure(regularPolygon(5, 2), 1e-12).polygon; // => 5
 */
export function ufmStructure(W: Mat, delta: number): UfmStructure {
  const K = W.rows,
    d = W.cols;
  const w = (k: number): Float64Array => W.data.subarray(k * d, (k + 1) * d);
  const norm = (v: Float64Array): number => Math.hypot(...v);
  const norms = Array.from({ length: K }, (_, k) => norm(w(k)));
  const scale = Math.max(...norms, 0);
  const heuristic = !(Number.isFinite(delta) && delta >= 0);
  const tau = heuristic ? 1e-6 * scale : Math.max(delta, 64 * U * scale);
  const centre: number[] = [];
  const live: number[] = [];
  for (let k = 0; k < K; k++) ((norms[k] as number) <= tau ? centre : live).push(k);
  // Merge groups: single-linkage at 2τ.
  const groups: number[][] = [];
  for (const k of live) {
    const g = groups.find((gr) =>
      gr.some((j) => {
        let s = 0;
        for (let i = 0; i < d; i++) s += ((w(j)[i] as number) - (w(k)[i] as number)) ** 2;
        return Math.sqrt(s) <= 2 * tau;
      }),
    );
    if (g === undefined) groups.push([k]);
    else g.push(k);
  }
  const liveNorms = live.map((k) => norms[k] as number);
  const equalNorms = liveNorms.length === 0 || Math.max(...liveNorms) - Math.min(...liveNorms) <= 2 * tau;
  const levels: number[] = [];
  for (const r of [...liveNorms].sort((a, b) => b - a))
    if (!levels.some((l) => Math.abs(l - r) <= 2 * tau)) levels.push(r);
  const dec = svd(W);
  let rank = 0;
  for (const s of dec.s) if (s > tau) rank++;
  let polygon = 0;
  if (rank === 2 && equalNorms && groups.length >= 3) {
    // Angles of one representative per group in the plane of the two leading right singular vectors.
    const v0 = Array.from({ length: d }, (_, i) => dec.V.data[i * dec.V.cols] as number);
    const v1 = Array.from({ length: d }, (_, i) => dec.V.data[i * dec.V.cols + 1] as number);
    const ang = groups
      .map((g) => {
        const x = w(g[0] as number);
        let a = 0,
          b = 0;
        for (let i = 0; i < d; i++) {
          a += (x[i] as number) * (v0[i] as number);
          b += (x[i] as number) * (v1[i] as number);
        }
        return Math.atan2(b, a);
      })
      .sort((a, b) => a - b);
    const m = ang.length;
    const rMin = Math.min(...liveNorms);
    const gapTol = 2 * Math.asin(Math.min(1, tau / Math.max(rMin - tau, tau))) + 1e-12;
    let regular = true;
    for (let i = 0; i < m; i++) {
      const gap =
        i + 1 < m
          ? (ang[i + 1] as number) - (ang[i] as number)
          : (ang[0] as number) + 2 * Math.PI - (ang[m - 1] as number);
      if (Math.abs(gap - (2 * Math.PI) / m) > gapTol) regular = false;
    }
    if (regular) polygon = m;
  }
  return { K, d, tolerance: tau, heuristic, centre, groups, rank, equalNorms, normLevels: levels, polygon };
}

/** The d-regime of the signature. */
export function dRegime(d: number): string {
  return d === 1 ? 'd=1' : d === 2 ? 'd=2' : 'd≥3';
}

function mergePattern(s: UfmStructure): { readonly label: string; readonly tuple: number } {
  const sizes = s.groups.map((g) => g.length);
  if (sizes.every((x) => x === 1)) return { label: 'distinct classes', tuple: 1 };
  const first = sizes[0] as number;
  if (sizes.every((x) => x === first))
    return { label: first === 2 ? 'classes merged pairwise' : `classes merged in ${first}-tuples`, tuple: first };
  return { label: 'classes partly merged', tuple: 0 };
}

function rankLabel(rank: number, d: number): string {
  return rank === d ? 'rank d' : `rank d−${d - rank}`;
}

/** The shape part (K-free), e.g. 'regular (K−1)-gon' or 'rank d, unequal norms'. */
function shapeLabel(s: UfmStructure): string {
  const c = s.centre.length;
  const { tuple } = mergePattern(s);
  if (s.polygon > 0 && tuple >= 1) {
    const base = c === 0 ? 'K' : `K−${c}`;
    if (tuple === 1) return c === 0 ? 'regular K-gon' : `regular (${base})-gon`;
    return c === 0 ? `regular (K/${tuple})-gon` : `regular ((${base})/${tuple})-gon`;
  }
  if (s.groups.length === 0) return 'W = 0';
  return `${rankLabel(s.rank, s.d)}, ${s.equalNorms ? 'equal norms' : 'unequal norms'}`;
}

/**
 * The mechanism signature of a structure (module comment).
 *
 * @example
 * structureSignature(s, true); // => 'd=2 · bias · 1 class at w=0 · distinct classes · regular (K−1)-gon'
 */
export function structureSignature(s: UfmStructure, bias: boolean): string {
  const parts = [dRegime(s.d), bias ? 'bias' : 'no bias'];
  const c = s.centre.length;
  if (c > 0) parts.push(`${c} class${c === 1 ? '' : 'es'} at w=0`);
  parts.push(mergePattern(s).label, shapeLabel(s));
  return parts.join(' · ');
}

/** Lists class indices compactly: '3' or '0, 4' or '5 classes'. */
function classList(ks: readonly number[]): string {
  return ks.length <= 3 ? ks.join(', ') : `${ks.length} classes`;
}

/**
 * The configuration in words, with the actual counts (K-specific), e.g. 'class 3 at w=0, others a regular 5-gon'.
 */
export function structureText(s: UfmStructure): string {
  const out: string[] = [];
  const c = s.centre.length;
  if (c > 0) out.push(`class${c === 1 ? '' : 'es'} ${classList(s.centre)} at w=0`);
  const merged = s.groups.filter((g) => g.length > 1);
  if (merged.length > 0)
    out.push(
      `merged ${merged
        .slice(0, 3)
        .map((g) => `{${g.join(',')}}`)
        .join(' ')}${merged.length > 3 ? ' …' : ''}`,
    );
  const others = c > 0 ? 'others' : 'classes';
  if (s.polygon > 0) out.push(`${others} a regular ${s.polygon}-gon`);
  else if (s.groups.length > 0) {
    const lv = s.normLevels.length;
    out.push(
      `${others} rank ${s.rank} with ${lv === 1 ? 'equal norms' : `${lv} norm levels (${s.normLevels.map((x) => x.toPrecision(3)).join(', ')})`}`,
    );
  } else out.push('W = 0');
  return out.join(', ');
}

/** Properties in which two structures differ (for 'differs from the ansatz in …'). */
export function structureDifferences(hit: UfmStructure, ansatz: UfmStructure): string[] {
  const diff: string[] = [];
  if (hit.centre.length !== ansatz.centre.length)
    diff.push(`classes at w=0 ${hit.centre.length} vs ${ansatz.centre.length}`);
  if (mergePattern(hit).label !== mergePattern(ansatz).label)
    diff.push(`${mergePattern(hit).label} vs ${mergePattern(ansatz).label}`);
  if (hit.rank !== ansatz.rank) diff.push(`rank W ${hit.rank} vs ${ansatz.rank}`);
  if (hit.polygon !== ansatz.polygon)
    diff.push(
      `${hit.polygon > 0 ? `regular ${hit.polygon}-gon` : 'no regular polygon'} vs ${ansatz.polygon > 0 ? `regular ${ansatz.polygon}-gon` : 'no regular polygon'}`,
    );
  if (hit.equalNorms !== ansatz.equalNorms)
    diff.push(`${hit.equalNorms ? 'equal' : 'unequal'} vs ${ansatz.equalNorms ? 'equal' : 'unequal'} norms`);
  return diff;
}

/** Rows of a matrix as JSON. */
function rows(M: Mat): number[][] {
  return Array.from({ length: M.rows }, (_, i) => Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols)));
}

/** W (K×d) of a point θ of `problem`. */
export function classifierOf(problem: UfmProblem, theta: Float64Array): Mat {
  const L = ufmLayout(problem);
  return matOf(L.K, L.d, theta.slice(L.offW, L.offW + L.K * L.d));
}

/**
 * The point as stored in evidence and fixtures: `{ W: K rows of d, Hbar: K rows of d (class means h̄_k), counts,
 * b: K entries or null without a bias }` — the class-mean form (at every critical point with λ_H > 0 and a convex
 * loss H = H̄ ⊗ 1ᵀ; README "How a claim is decided"), so a fixture stays small.
 */
export function evidencePointJson(problem: UfmProblem, theta: Float64Array): Json {
  const L = ufmLayout(problem);
  const u = L.unpack(theta);
  const Hbar = classMeans(u.H, L.counts);
  const HbarRows: number[][] = Array.from({ length: L.K }, (_, k) =>
    Array.from({ length: L.d }, (_, i) => Hbar.data[i * Hbar.cols + k] as number),
  );
  return { W: rows(u.W), Hbar: HbarRows, counts: [...L.counts], b: L.hasBias ? Array.from(u.b) : null };
}

/** NC metrics of θ (src/geometry ncMetrics), non-finite values as strings (stringifyJson's convention). */
export function metricsJson(problem: UfmProblem, theta: Float64Array): Json {
  const L = ufmLayout(problem);
  const u = L.unpack(theta);
  const m = ncMetrics(u.W, u.H, L.hasBias ? u.b : undefined, L.counts);
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(m)) out[k] = Number.isFinite(v) ? v : String(v);
  return out;
}

/** W of a stored point JSON ({@link evidencePointJson}); throws on a malformed point. */
export function classifierOfPoint(point: Json): Mat {
  if (typeof point !== 'object' || point === null || Array.isArray(point))
    throw new TypeError('point must be an object');
  const W = (point as Record<string, Json>)['W'];
  if (!Array.isArray(W) || W.length === 0 || !Array.isArray(W[0])) throw new TypeError('point.W must be K rows');
  const K = W.length,
    d = (W[0] as Json[]).length;
  const data = new Float64Array(K * d);
  W.forEach((row, k) => {
    if (!Array.isArray(row) || row.length !== d) throw new TypeError(`point.W[${k}] must have ${d} entries`);
    row.forEach((x, i) => {
      if (typeof x !== 'number') throw new TypeError(`point.W[${k}][${i}] must be a number`);
      data[k * d + i] = x;
    });
  });
  return matOf(K, d, data);
}

/** A number from evidence (finite, or one of the non-finite strings), NaN when absent. */
export function evidenceNumber(e: Json, ...path: string[]): number {
  let cur: Json | undefined = e;
  for (const k of path)
    cur = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? (cur as Record<string, Json>)[k] : undefined;
  return decodeNumber(cur) ?? NaN;
}

/** The instance's problem in a few words: 'K=6 d=2 n=1 free bias'. */
export function problemText(p: UfmProblem): string {
  const n = p.counts.every((c) => c === p.counts[0]) ? `n=${p.counts[0] ?? 0}` : `counts=${p.counts.join(',')}`;
  const bias = !p.bias ? 'no bias' : p.lambdaB > 0 ? `bias λ_b=${p.lambdaB}` : 'free bias';
  return `K=${p.K} d=${p.d} ${n} λ_W=${p.lambdaW} λ_H=${p.lambdaH} ${bias}`;
}

/**
 * Structure, signature and flags of a plain-UFM hit from the point stored in its evidence ({@link evidencePointJson}) and
 * the certified distance bound δ of that point. Conjectures build their description around it.
 */
export function analyseUfmPoint(
  point: Json,
  delta: number,
  bias: boolean,
): { readonly structure: UfmStructure; readonly signature: string; readonly flags: string[] } {
  const s = ufmStructure(classifierOfPoint(point), delta);
  const flags = s.heuristic
    ? [`heuristic tolerance τ = ${s.tolerance.toExponential(2)} (no finite certified distance δ)`]
    : [];
  return { structure: s, signature: structureSignature(s, bias), flags };
}
