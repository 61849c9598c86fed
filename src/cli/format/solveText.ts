/** Readable summaries for `solve`, `metrics` and `certify`. */
import type { PointReport } from '../../certified/index.ts';
import type { UfmProblem } from '../../models/index.ts';

interface ResultLike {
  readonly status: string;
  readonly value: number;
  readonly gradNorm: number;
  readonly iterations: number;
  readonly solver: string;
}
interface CertLike {
  readonly kind: string;
  readonly gradNorm: number;
  readonly lambdaMin: number;
  readonly residual: number;
  readonly tolerance: number;
  readonly why: string;
}

const f = (x: number): string => (Number.isFinite(x) ? x.toPrecision(6) : String(x));

export function problemLine(p: UfmProblem): string {
  const n = p.counts.every((c) => c === p.counts[0]) ? `n=${p.counts[0]}` : `counts=${p.counts.join(',')}`;
  return `${p.loss.toUpperCase()} UFM  K=${p.K} d=${p.d} ${n}  λ_W=${p.lambdaW} λ_H=${p.lambdaH} ${p.bias ? `λ_b=${p.lambdaB}` : 'no bias'}`;
}

/** Above this many classes, per-class vectors (‖w_k‖², b) are printed as min / median / max, not K numbers. */
export const MAX_LISTED_CLASSES = 12;

/**
 * A per-class vector for the terminal: every entry when K ≤ {@link MAX_LISTED_CLASSES}, else
 * `min … median … max (K values; --json has them all)`.
 *
 * @example
 * perClassText([3, 1, 2]); // => '3.00000 1.00000 2.00000'
 */
export function perClassText(xs: readonly number[], maxListed: number = MAX_LISTED_CLASSES): string {
  if (xs.length <= maxListed) return xs.map(f).join(' ');
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 === 1 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
  return `min ${f(s[0] as number)}  median ${f(median)}  max ${f(s[n - 1] as number)}  (${n} values; --json lists them all)`;
}

export function metricLines(report: PointReport): string[] {
  const m = report.metrics;
  return [
    `NC1 ${f(m.nc1)}   NC2(W) ${f(m.nc2W)}   NC2(H) ${f(m.nc2H)}   NC2-OF(W) ${f(m.nc2WOf)}   NC2-OF(H) ${f(m.nc2HOf)}`,
    `NC3 ${f(m.nc3)}   NC4 (Zhu residual) ${f(m.nc4)}   NCC agreement ${f(m.nccAgreement)}   self-duality ${f(m.selfDuality)}   CDNV ${f(m.cdnv)}`,
    `‖w_k‖²: ${perClassText(report.wNormsSq)}`,
    ...(report.bias.length ? [`b: ${perClassText(report.bias)}`] : []),
  ];
}

export function summaryLines(
  p: UfmProblem,
  r: ResultLike,
  seconds: number,
  report: PointReport,
  stages: readonly { solver: string; status: string; iterations: number }[],
): string[] {
  return [
    problemLine(p),
    `${r.status}  f = ${f(r.value)}  ‖∇f‖ = ${r.gradNorm.toExponential(3)}  iterations ${r.iterations}  ${(seconds * 1000).toFixed(1)} ms  (${r.solver}: ${stages.map((s) => `${s.solver} ${s.status} ${s.iterations}`).join(' → ')})`,
    ...metricLines(report),
  ];
}

export function certificateLines(c: CertLike): string[] {
  return [
    `certificate: ${c.kind}  λ_min ${f(c.lambdaMin)} (residual ${c.residual.toExponential(2)}, tolerance ${c.tolerance.toExponential(2)})  ‖∇f‖ ${c.gradNorm.toExponential(2)}`,
    `  ${c.why}`,
  ];
}
