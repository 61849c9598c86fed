/**
 * The closed-form optimal value f* of a plain-UFM problem (CE §1.1; MSE §2.1 bias-free, §2.2 free bias, §2.3
 * regularised bias), for the claims that compare values only (landscape claims). Balanced n; d as each theorem needs.
 */
import { balancedN } from '../../models/index.ts';
import type { UfmProblem } from '../../models/index.ts';
import {
  predictCeGlobalMin,
  predictMseBiasFree,
  predictMseFreeBias,
  predictMseRegularizedBias,
} from '../../theory/index.ts';

export function globalValue(p: UfmProblem): number {
  const n = balancedN(p);
  if (n === undefined) throw new RangeError('globalValue needs balanced classes');
  const base = { K: p.K, n, lambdaW: p.lambdaW, lambdaH: p.lambdaH, d: p.d };
  if (p.loss === 'ce') return predictCeGlobalMin({ ...base, lambdaB: p.lambdaB, bias: p.bias }).fStar;
  if (p.loss !== 'mse') throw new RangeError(`no closed form for loss '${p.loss}'`);
  if (!p.bias) return predictMseBiasFree(base).fStar;
  if (p.lambdaB === 0) return predictMseFreeBias(base).fStar;
  return predictMseRegularizedBias({ ...base, lambdaB: p.lambdaB }).fStar;
}
