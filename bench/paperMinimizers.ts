/**
 * The paper profile's minimizer instances (src/arbitraries/profiles.ts `profilePlan('paper', …)`) certified one by one
 * through the claims' prepare step (src/define/ufmClaim.ts `certifiedUfmMinimizer`), with the wall time of each: the
 * CIFAR-10/100 rows of docs/paper-scale.md without running the whole profile. Usage:
 * npx tsx bench/paperMinimizers.ts [maxK] (default 100: skips the ImageNet size, K = 1000)
 */
import { profilePlan } from '../src/arbitraries/profiles.ts';
import { certifiedUfmMinimizer } from '../src/define/ufmClaim.ts';

const maxK = Number(process.argv[2] ?? 100);
for (const id of ['ce.global-min.simplex-etf', 'mse.bias-free.orthogonal-frame', 'mse.free-bias.simplex-etf']) {
  for (const inst of profilePlan('paper', id, 'claim', 1)?.examples ?? []) {
    const p = inst.problem as { K: number; d: number; n: number };
    if (p.K > maxK) continue;
    const t0 = performance.now();
    const r = certifiedUfmMinimizer(inst);
    const seconds = (performance.now() - t0) / 1000;
    const ok = 'cp' in r;
    const c = ok ? r.certificate : {};
    console.log(
      JSON.stringify({
        claim: id,
        K: p.K,
        d: p.d,
        n: p.n,
        seconds: Number(seconds.toFixed(2)),
        certified: ok,
        ...(ok
          ? {
              delta: r.cp.delta,
              mu: r.cp.curvature.mu,
              kantorovichH: c['kantorovichH'],
              dReduced: (c['rankReduced'] as { dReduced?: number } | undefined)?.dReduced ?? null,
            }
          : { why: (r as { why?: string }).why }),
      }),
    );
  }
}
