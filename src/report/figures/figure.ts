/**
 * A report figure: a Vega-Lite spec built from the run's own data, its file stem and the caption the HTML shows.
 * Rendering to SVG happens once, in ../build.ts.
 */
import type { VlSpec } from '../vega.ts';

export interface Figure {
  /** File stem: `<id>.svg` in the report directory (lower-case, [a-z0-9.-]). */
  readonly id: string;
  readonly title: string;
  /** One or two sentences: what is drawn, from which instance and seed, what the theory predicts. */
  readonly caption: string;
  readonly spec: VlSpec;
}

/** A safe file stem from a claim or conjecture id. */
export function figureId(...parts: readonly (string | number)[]): string {
  return parts
    .map((p) =>
      String(p)
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-'),
    )
    .join('-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Compact number for captions and labels. */
export function num(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 2);
}

/** Problem summary used in captions, e.g. "CE, K = 4, d = 5, n = 5, λ_W = λ_H = 0.005, bias learned". */
export function problemCaption(p: {
  readonly loss: string;
  readonly K: number;
  readonly d: number;
  readonly counts: readonly number[];
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly lambdaB: number;
  readonly bias: boolean;
}): string {
  const balanced = p.counts.every((c) => c === p.counts[0]);
  const n = balanced ? `n = ${p.counts[0] ?? 0}` : `counts = ${p.counts.join(',')}`;
  const lam =
    p.lambdaW === p.lambdaH ? `λ_W = λ_H = ${num(p.lambdaW)}` : `λ_W = ${num(p.lambdaW)}, λ_H = ${num(p.lambdaH)}`;
  const bias = !p.bias ? 'no bias' : p.lambdaB > 0 ? `bias, λ_b = ${num(p.lambdaB)}` : 'free bias';
  return `${p.loss.toUpperCase()}, K = ${p.K}, d = ${p.d}, ${n}, ${lam}, ${bias}`;
}
