/**
 * Curvature modulo symmetry at a certified CE minimizer: the dense tangent basis (before issue 12 item 4) against the
 * on-the-fly projector (claim/ufm/symmetryProjector.ts). Usage: npx tsx bench/curvatureProjector.ts K d n dense|proj
 * (figures in docs/paper-scale.md; run under /usr/bin/time for peak RSS).
 */
import { createRng } from '../src/core/index.ts';
import { restrictedCurvature, symmetryBasis } from '../src/certified/ufm/curvature.ts';
import { scaledCollapsed, solveUfm } from '../src/certified/ufm/solve.ts';
import { restrictedExtremes } from '../src/linalg/index.ts';
import { ce } from '../src/losses/index.ts';
import { parseUfmProblem } from '../src/models/index.ts';
const [K, d, n, mode] = [Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
const p = parseUfmProblem({ loss: 'ce', K, d, n, lambdaW: 5e-3, lambdaH: 5e-3, lambdaB: 0, bias: true });
const t0 = performance.now();
const sol = solveUfm(p, { seed: 1, loss: ce });
const t1 = performance.now();
console.log(
  `solve ${((t1 - t0) / 1000).toFixed(2)} s, status ${sol.result.status}, |g| ${sol.result.gradNorm.toExponential(2)}`,
);
if (mode === 'dense') {
  const red = scaledCollapsed(p, ce);
  const u = red.fromFull(sol.result.theta);
  const basis = symmetryBasis(p, ce, u);
  const r = restrictedExtremes(red.obj.hessianAt(u), basis, createRng(1), 1e-10);
  const muC = r.lambdaMin - r.residualMin - 8 * u.length * 2 ** -53 * Math.abs(r.lambdaMax);
  console.log(
    `dense: mu ${muC.toExponential(6)} rayleigh ${r.lambdaMin.toExponential(10)} deflated ${basis.length} ${((performance.now() - t1) / 1000).toFixed(2)} s`,
  );
} else {
  const c = restrictedCurvature(p, ce, sol.result.theta, 1);
  console.log(
    `projector: mu ${c.mu.toExponential(6)} rayleigh ${c.rayleigh.toExponential(10)} deflated ${c.deflated} conv ${c.converged} ${((performance.now() - t1) / 1000).toFixed(2)} s`,
  );
}
