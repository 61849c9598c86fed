/**
 * The conjecture registry: every open conjecture `ufmcheck hunt` knows (THEORY.md §7). The CLI and the hunt
 * workers import only this file. To add one, write `properties/conjectures/<conjecture-id>.ts` exporting a
 * {@link Conjecture} (src/claim/conjecture.ts: id, cite, statement, arbitrary, parseInstance, probe → Finding) and
 * list it below. Users can hunt their own without touching this file: `ufmcheck hunt --conjecture ./mine.ts`.
 *
 * The optional mechanism hooks (src/hunt/mechanism.ts: `ansatz`, `analyseHit`, `problemKey`, `witnessSize`,
 * `narrow`) make hits comparable: the plain-UFM conjectures of this directory have all of them. The two conjectures
 * defined next to their claims (properties/relu-nuclear-norm-conjecture.ts, fixed-features-student-t.ts) get their
 * `ansatz` text here; their hits, and those of conjectures without hooks, are 'unclassified' and cannot be narrowed.
 */
import type { Conjecture } from '../../src/claim/index.ts';
import type { HuntConjecture } from '../../src/hunt/index.ts';
import { symmetricIsGlobal } from './ce-d-below-k-minus-1-symmetric-is-global.ts';
import { noSpuriousMinimaBelow } from './ce-d-below-k-minus-1-no-spurious-minima.ts';
import { minorityCollapseCe, minorityCollapseMse } from './imbalanced-minority-collapse.ts';
import { landscapeKMinus1 } from './landscape-d-equals-k-minus-1.ts';
import { fixedFeaturesStudentT } from '../fixed-features-student-t.ts';
import { reluNuclearNormConjecture } from '../relu-nuclear-norm-conjecture.ts';
import { lossFocalSymmetricIsGlobal } from './loss-focal-symmetric-is-global.ts';
import { lossNonEquivariantAsymmetry } from './loss-non-equivariant-asymmetry.ts';

/** The ReLU conjecture with what it compares with (THEORY.md §2.5, §7.4). */
const reluNuclearNorm: HuntConjecture = {
  ...(reluNuclearNormConjecture as Conjecture),
  ansatz:
    "the linear extended UFM's optimum (orthogonal frames, f*_lin of THEORY.md §2.4) for d ∈ {K, K + 1}; no symmetric configuration of its own",
};

/** The Student-t conjecture with what it compares with (THEORY.md §2.6, §7.6). */
const fixedFeaturesT: HuntConjecture = {
  ...(fixedFeaturesStudentT as Conjecture),
  ansatz:
    'the Thm 5.1 limit s·W* (s = 1/(1 + Kσ²√(n₀λ_H/λ_W))) approached at the n^{−1/2} rate; no symmetric configuration',
};

/** All registered conjectures, in listing order. */
export const conjectures: readonly Conjecture[] = [
  symmetricIsGlobal,
  noSpuriousMinimaBelow,
  minorityCollapseCe,
  minorityCollapseMse,
  landscapeKMinus1,
  reluNuclearNorm,
  fixedFeaturesT,
  lossFocalSymmetricIsGlobal,
  lossNonEquivariantAsymmetry,
];
