/**
 * The hypotheses of THEORY.md §10, checked numerically on a loss instead of trusted (issue 11 item 1):
 * (C) convexity in z — the K×K Hessian ∇²ℓ(z, y), assembled column by column from the loss's own HVP, is PSD;
 * (E) permutation equivariance — ℓ(Pz, π(y)) = ℓ(z, y) for random permutations π;
 * (S) shift invariance — ℓ(z + c1, y) = ℓ(z, y) for several c.
 * Sampled logits: moderate (N(0,1)), large (N(0, 30²)), near-ties (all logits equal up to 1e-7), and large margins of
 * either sign (±40 on the label), for every K in `Ks` the loss accepts (a loss with per-class parameters fixes K).
 *
 * A passing check is "not refuted on these samples", never a proof; a failing one comes with its witness (K, y, z and
 * the violated quantity), so a declared trait that is false is an error naming the trait and the point.
 *
 * Tolerances (rounding, not tuning): each Hessian column is one HVP whose entries carry a relative error of a few K·u;
 * the symmetric eigen-solver is backward stable with error ≤ c·K·u·‖A‖_F (linalg/denseEig.ts). So λ_min ≥ −64·K·u·
 * (‖A‖_F + 1) counts as PSD. Values: a permutation reorders a K-term sum and a shift by c perturbs each logit by
 * |c|·u, so |Δℓ| ≤ 16·K·u·(1 + |ℓ| + (max|z| + |c|)·(‖∇ℓ‖₁ + 1)) counts as equal. A genuine violation on these O(1)
 * points is orders of magnitude larger (label-dependent offsets or weights change ℓ by O(1); focal's negative
 * curvature is O(0.1)).
 */
import { createRng, matOf, type Rng } from '../core/index.ts';
import { symEigPacked } from '../linalg/index.ts';
import type { LogitLoss, LossTraits } from './loss.ts';

const U = 2 ** -53;

/** The verdict on one trait. */
export interface TraitVerdict {
  /** Not refuted on any sample. */
  readonly holds: boolean;
  /** Samples checked. */
  readonly samples: number;
  /** For a refuted trait: the point and the violated quantity. */
  readonly witness?: string;
}

export type TraitName = keyof LossTraits;

/** All three traits, detected. */
export interface TraitReport {
  readonly declared: LossTraits;
  readonly detected: LossTraits;
  readonly convexInZ: TraitVerdict;
  readonly permutationEquivariant: TraitVerdict;
  readonly shiftInvariant: TraitVerdict;
  /** Declared traits the samples refute: one line each, naming the trait and the witness (an error for a plug-in). */
  readonly refuted: readonly string[];
  /** Traits detected but not declared (reported, not an error). */
  readonly undeclared: readonly TraitName[];
  /** The K values the loss accepted. */
  readonly Ks: readonly number[];
}

/** Options of {@link detectTraits}. */
export interface TraitCheckOptions {
  /** @defaultValue 20261204 */
  readonly seed?: number;
  /** Class counts to try; a K the loss rejects (RangeError) is skipped. @defaultValue [2, 3, 4, 5] */
  readonly Ks?: readonly number[];
}

export const TRAIT_NAMES: readonly TraitName[] = ['convexInZ', 'permutationEquivariant', 'shiftInvariant'];

/** Short names used in tables: C, E, S (THEORY.md §10). */
export const TRAIT_LETTER: Readonly<Record<TraitName, string>> = {
  convexInZ: 'C',
  permutationEquivariant: 'E',
  shiftInvariant: 'S',
};

interface Sample {
  readonly z: Float64Array;
  readonly y: number;
  readonly kind: string;
}

function samples(rng: Rng, K: number): Sample[] {
  const out: Sample[] = [];
  const add = (kind: string, z: Float64Array, y: number): void => {
    out.push({ kind, z, y });
  };
  for (let i = 0; i < 6; i++) add('moderate', rng.fillNormal(new Float64Array(K)), rng.int(K));
  for (let i = 0; i < 4; i++) add('large', rng.fillNormal(new Float64Array(K), 30), rng.int(K));
  for (let i = 0; i < 3; i++) {
    const c = 5 * rng.normal();
    add(
      'near-tie',
      rng.fillNormal(new Float64Array(K), 1e-7).map((x) => x + c),
      rng.int(K),
    );
  }
  for (const sign of [1, -1]) {
    const y = rng.int(K);
    const z = rng.fillNormal(new Float64Array(K));
    z[y] = (z[y] as number) + sign * 40;
    add(sign > 0 ? 'large margin' : 'large wrong margin', z, y);
  }
  return out;
}

const fmt = (z: Float64Array): string => `[${Array.from(z, (x) => Number(x.toPrecision(6))).join(', ')}]`;

/** Accepts K? (a loss with K-sized parameters throws a RangeError at other K.) */
function accepts(loss: LogitLoss, K: number): boolean {
  try {
    return Number.isFinite(loss.value(matOf(K, 1, new Float64Array(K)), Int32Array.of(0)));
  } catch (e) {
    if (e instanceof RangeError) return false;
    throw e;
  }
}

/**
 * Detects (C), (E), (S) on sampled logits and compares with the loss's declared traits.
 *
 * @param loss - the loss (built-in or plug-in)
 * @param options - seed and class counts
 * @returns per-trait verdicts with witnesses, the detected traits, the declared-but-refuted lines and the undeclared
 * @throws RangeError when the loss accepts none of the K values tried
 * @example
 * detectTraits(ce).detected; // => { convexInZ: true, permutationEquivariant: true, shiftInvariant: true }
 * detectTraits(focal(2)).convexInZ.witness; // => 'K=2, y=…, z=[…] (large wrong margin): λ_min(∇²ℓ) = −…'
 */
export function detectTraits(loss: LogitLoss, options: TraitCheckOptions = {}): TraitReport {
  const rng = createRng(options.seed ?? 20261204);
  const Ks = (options.Ks ?? [2, 3, 4, 5]).filter((K) => accepts(loss, K));
  if (Ks.length === 0)
    throw new RangeError(`K: loss '${loss.id}' accepts none of K = ${(options.Ks ?? [2, 3, 4, 5]).join(', ')}`);
  const res: Record<TraitName, { holds: boolean; samples: number; witness?: string }> = {
    convexInZ: { holds: true, samples: 0 },
    permutationEquivariant: { holds: true, samples: 0 },
    shiftInvariant: { holds: true, samples: 0 },
  };
  const refute = (t: TraitName, w: string): void => {
    if (res[t].holds) {
      res[t].holds = false;
      res[t].witness = w;
    }
  };
  for (const K of Ks) {
    const zM = matOf(K, 1, new Float64Array(K));
    const gM = matOf(K, 1, new Float64Array(K));
    const eM = matOf(K, 1, new Float64Array(K));
    const hM = matOf(K, 1, new Float64Array(K));
    const yv = new Int32Array(1);
    const A = new Float64Array(K * K);
    for (const s of samples(rng, K)) {
      zM.data.set(s.z);
      yv[0] = s.y;
      const where = `K=${K}, y=${s.y}, z=${fmt(s.z)} (${s.kind})`;
      const f = loss.valueAndGrad(zM, yv, gM);
      let g1 = 0,
        zmax = 0;
      for (let k = 0; k < K; k++) {
        g1 += Math.abs(gM.data[k] as number);
        zmax = Math.max(zmax, Math.abs(s.z[k] as number));
      }
      // (C): assemble ∇²ℓ from K HVPs, symmetrise inside symEig, test λ_min.
      let fro = 0;
      for (let c = 0; c < K; c++) {
        eM.data.fill(0);
        eM.data[c] = 1;
        loss.hvp(zM, yv, eM, hM);
        for (let r = 0; r < K; r++) {
          A[r * K + c] = hM.data[r] as number;
          fro += (hM.data[r] as number) ** 2;
        }
      }
      fro = Math.sqrt(fro);
      res.convexInZ.samples++;
      if (!Number.isFinite(fro)) refute('convexInZ', `${where}: the Hessian has a non-finite entry`);
      else {
        const lmin = symEigPacked(K, A).values[0] as number;
        if (lmin < -64 * K * U * (fro + 1)) refute('convexInZ', `${where}: λ_min(∇²ℓ) = ${lmin.toPrecision(4)} < 0`);
      }
      // (E): a random permutation of the classes, labels permuted with it.
      const perm = Array.from({ length: K }, (_, k) => k);
      for (let k = K - 1; k > 0; k--) {
        const j = rng.int(k + 1);
        [perm[k], perm[j]] = [perm[j] as number, perm[k] as number];
      }
      for (let k = 0; k < K; k++) eM.data[perm[k] as number] = s.z[k] as number;
      yv[0] = perm[s.y] as number;
      const fp = loss.value(eM, yv);
      yv[0] = s.y;
      res.permutationEquivariant.samples++;
      if (!(Math.abs(fp - f) <= 16 * K * U * (1 + Math.abs(f) + zmax * (g1 + 1)))) {
        refute(
          'permutationEquivariant',
          `${where}: permuting the classes by [${perm.join(', ')}] changes ℓ from ${f} to ${fp}`,
        );
      }
      // (S): shifts of several sizes.
      for (const c of [0.7, -3, 25]) {
        for (let k = 0; k < K; k++) eM.data[k] = (s.z[k] as number) + c;
        const fs = loss.value(eM, yv);
        res.shiftInvariant.samples++;
        if (!(Math.abs(fs - f) <= 16 * K * U * (1 + Math.abs(f) + (zmax + Math.abs(c)) * (g1 + 1)))) {
          refute('shiftInvariant', `${where}: ℓ(z + ${c}·1) − ℓ(z) = ${(fs - f).toPrecision(4)}`);
        }
      }
    }
  }
  const detected: LossTraits = {
    convexInZ: res.convexInZ.holds,
    permutationEquivariant: res.permutationEquivariant.holds,
    shiftInvariant: res.shiftInvariant.holds,
  };
  const refuted = TRAIT_NAMES.filter((t) => loss.traits[t] && !detected[t]).map(
    (t) => `declares ${t} (${TRAIT_LETTER[t]}), refuted at ${res[t].witness ?? '?'}`,
  );
  const undeclared = TRAIT_NAMES.filter((t) => !loss.traits[t] && detected[t]);
  return { declared: loss.traits, detected, ...res, refuted, undeclared, Ks };
}

/** 'CES', 'CE-', '-ES': the detected traits as letters (THEORY.md §10's (C), (E), (S)). */
export function traitLetters(t: LossTraits): string {
  return TRAIT_NAMES.map((n) => (t[n] ? TRAIT_LETTER[n] : '-')).join('');
}
