/**
 * Plug-ins load from anywhere (issue 11 item 6): a TypeScript module with type annotations in a directory outside the
 * project (no package.json, so Node would read it as CommonJS) loads through tsx's tsImport; errors are clear — a
 * syntax error names file:line:column, a declared trait that is false names the trait and the witness, a wrong
 * gradient is not also blamed on a correct HVP, and verbose lists every failed check.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLossModule, UsageError } from '../../../src/claim/index.ts';
import { lossById } from '../../../src/losses/index.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ufmcheck-anywhere-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<UsageError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}

/** A softmax cross-entropy at temperature τ written as a user would, with TypeScript annotations. */
function tempCe(id: string, opts: { traits?: string; wrongGrad?: boolean; weights?: boolean } = {}): string {
  return `
type K3 = (K: number, z: Float64Array, sz: number, oz: number, y: number) => number;
const tau: number = 2;
function probs(K: number, z: Float64Array, sz: number, oz: number): number[] {
  let m = -Infinity;
  for (let k = 0; k < K; k++) m = Math.max(m, (z[oz + k * sz] as number) / tau);
  const e: number[] = [];
  let S = 0;
  for (let k = 0; k < K; k++) { const v = Math.exp((z[oz + k * sz] as number) / tau - m); e.push(v); S += v; }
  return e.map((v) => v / S);
}
const w = (y: number): number => ${opts.weights === true ? '(y === 0 ? 3 : 1)' : '1'};
const value: K3 = (K, z, sz, oz, y) => w(y) * -Math.log(probs(K, z, sz, oz)[y] as number);
export default {
  id: '${id}',
  traits: ${opts.traits ?? '{ convexInZ: true, permutationEquivariant: true, shiftInvariant: true }'},
  kernels: {
    value,
    grad(K: number, z: Float64Array, sz: number, oz: number, y: number, g: Float64Array, sg: number, og: number): number {
      const p = probs(K, z, sz, oz);
      for (let k = 0; k < K; k++) g[og + k * sg] = w(y) * ((p[k] as number) - (k === y ? 1 : 0)) / ${opts.wrongGrad === true ? '1' : 'tau'};
      return value(K, z, sz, oz, y);
    },
    hvp(K: number, z: Float64Array, sz: number, oz: number, y: number, v: Float64Array, sv: number, ov: number, out: Float64Array, so: number, oo: number): void {
      const p = probs(K, z, sz, oz);
      let pv = 0;
      for (let k = 0; k < K; k++) pv += (p[k] as number) * (v[ov + k * sv] as number);
      for (let k = 0; k < K; k++) out[oo + k * so] = w(y) * (p[k] as number) * ((v[ov + k * sv] as number) - pv) / (tau * tau);
    },
  },
};
`;
}

describe('plug-ins outside the project', () => {
  it('should load a TypeScript plug-in with type annotations from a directory without package.json', async () => {
    // Arrange
    const file = join(dir, 'tempce.ts');
    writeFileSync(file, tempCe('user-tce-2'));
    // Act
    const loss = await loadLossModule(file);
    // Assert: it is CE at temperature 2 — the built-in tce(2) agrees on a column
    const z = { rows: 3, cols: 1, data: Float64Array.of(0.3, -1.2, 2.5) };
    expect(loss.value(z, Int32Array.of(1))).toBeCloseTo(lossById('tce(2)').value(z, Int32Array.of(1)), 14);
  });

  it('should name file, line and column of a syntax error', async () => {
    const file = join(dir, 'broken.ts');
    writeFileSync(file, 'export const x: number = 1;\nexport default { id: "b", kernels: { value( } };\n');
    const e = await rejection(loadLossModule(file));
    expect(e.message).toMatch(/syntax error at .*broken\.ts:2:\d+: ERROR: /);
  });

  it('should catch a declared permutation equivariance that is false, naming the trait and the witness', async () => {
    // Arrange: class-weighted (weight 3 on class 0) but declared equivariant
    const file = join(dir, 'liar.ts');
    writeFileSync(file, tempCe('user-liar', { weights: true }));
    // Act
    const e = await rejection(loadLossModule(file));
    // Assert
    expect(e.message).toMatch(/declares permutationEquivariant|permuting the classes/);
    expect(e.message).toMatch(/z=\[|changes g by/);
  });

  it('should blame a wrong gradient and not the correct HVP; verbose lists every failure', async () => {
    // Arrange: the gradient forgets the 1/τ; the HVP is right
    const file = join(dir, 'wronggrad.ts');
    writeFileSync(file, tempCe('user-wrong-grad', { wrongGrad: true }));
    // Act
    let all: readonly string[] = [];
    const e = await rejection(
      loadLossModule(file, {
        onFailures: (lines) => {
          all = lines;
        },
      }),
    );
    // Assert: every test point fails the gradient check, none blames the Hessian/HVP
    expect(e.message).toMatch(/gradient: Taylor slope/);
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const line of all) expect(line).toMatch(/^gradient: /);
  });
});
