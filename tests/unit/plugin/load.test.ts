import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLossModule, isLossPath, lossFromExports, resolveLoss, UsageError } from '../../../src/claim/index.ts';
import { ceKernels, lossById } from '../../../src/losses/index.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const MODULES = join(import.meta.dirname, 'modules');

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ufmcheck-plugin-'));
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

describe('loadLossModule', () => {
  it('should certify and register the shipped examples so that --loss <id> resolves', async () => {
    // Act
    const ls = await resolveLoss('./examples/losses/labelSmoothing.ts', ROOT);
    const focal = await loadLossModule(join(ROOT, 'examples/losses/focal.ts'));
    // Assert
    expect(ls.id).toBe('ex-ls(0.1)');
    expect(focal.id).toBe('ex-focal(2)');
    expect(lossById('ex-ls(0.1)')).toBe(ls);
    expect(await resolveLoss('ex-focal(2)', ROOT)).toBe(focal);
    expect(focal.traits).toEqual({ convexInZ: false, permutationEquivariant: true, shiftInvariant: true });
    expect(await loadLossModule(join(ROOT, 'examples/losses/focal.ts'))).toBe(focal); // loaded once
  });

  it('should reject the deliberately broken gradient naming the check and its measured slope', async () => {
    // Act
    const e = await rejection(resolveLoss('tests/unit/plugin/modules/wrongGradient.ts', ROOT));
    // Assert
    expect(e.field).toBe('--loss');
    expect(e.message).toMatch(
      /^--loss: tests\/unit\/plugin\/modules\/wrongGradient\.ts: loss 'broken-ls\(0\.1\)' rejected by the Taylor-slope test: gradient: Taylor slope 1\.0\d \(expected 2; valueAndGrad does not return the gradient of value\)/,
    );
    expect(() => lossById('broken-ls(0.1)')).toThrow(UsageError); // never registered
  });

  it('should reject an HVP error invisible to the quadratic form, an accumulating kernel and a refuted trait', async () => {
    // Act
    const hvp = await rejection(
      loadLossModule(join(MODULES, 'antisymmetricHvp.ts'), { display: 'antisymmetricHvp.ts' }),
    );
    const acc = await rejection(loadLossModule(join(MODULES, 'accumulates.ts'), { display: 'accumulates.ts' }));
    const lie = await rejection(loadLossModule(join(MODULES, 'lyingTraits.ts'), { display: 'lyingTraits.ts' }));
    // Assert
    expect(hvp.message).toMatch(
      /rejected by the Taylor-slope test: hvp: Taylor slope 1\.0\d \(expected 2; hvp is not the derivative of the gradient\)/,
    );
    expect(hvp.message).not.toContain('hessian:');
    expect(acc.message).toContain(
      'valueAndGrad left a non-finite entry in G (it must write every entry of G, not accumulate into it)',
    );
    expect(lie.message).toContain('declares shiftInvariant, but g(Z + 0.7·11ᵀ) − g(Z) =');
  });

  it('should name what is missing from a module, and reject missing files, unknown ids and taken ids', async () => {
    // Arrange
    writeFileSync(join(dir, 'noHvp.mjs'), "export default { id: 'x', value() {}, valueAndGrad() {} };\n");
    writeFileSync(
      join(dir, 'noGrad.mjs'),
      "export const id = 'y';\nexport const kernels = { value() {}, hvp() {} };\n",
    );
    writeFileSync(join(dir, 'nothing.mjs'), 'export const answer = 42;\n');
    // Act
    const noHvp = await rejection(loadLossModule(join(dir, 'noHvp.mjs'), { display: 'noHvp.mjs' }));
    const noGrad = await rejection(loadLossModule(join(dir, 'noGrad.mjs'), { display: 'noGrad.mjs' }));
    const nothing = await rejection(loadLossModule(join(dir, 'nothing.mjs'), { display: 'nothing.mjs' }));
    const missing = await rejection(resolveLoss('./nope.ts', dir));
    const unknown = await rejection(resolveLoss('nope', dir));
    // Assert
    expect(noHvp.message).toBe("--loss: noHvp.mjs: export 'default' is not a valid loss: missing 'hvp' (a function)");
    expect(noGrad.message).toBe("--loss: noGrad.mjs is not a valid loss: missing 'kernels.grad' (a function)");
    expect(nothing.message).toContain(
      "nothing.mjs exports no loss: export default (or 'loss') a LogitLoss {id, value, valueAndGrad, hvp}",
    );
    expect(nothing.message).toContain("(it exports 'answer')");
    expect(missing.message).toBe("--loss: './nope.ts': no such file");
    expect(unknown.message).toMatch(/^--loss: unknown loss 'nope'; known: /);
    expect(() =>
      lossFromExports(
        { default: { id: 'has space', kernels: ceKernels, traits: { convexInZ: 'yes' } } },
        'm',
        '--loss',
      ),
    ).toThrow(
      "--loss: m: export 'default' is not a valid loss: bad 'id' (a non-empty string without spaces, e.g. 'focal(2)'); bad 'traits.convexInZ' (a boolean)",
    );
  });

  it('should refuse an id that is already registered for another loss', async () => {
    // Arrange: CE's own kernels under the id 'ce' pass the slope test but are a different object
    const twin = join(dir, 'twin.mjs');
    writeFileSync(
      twin,
      `import { ceKernels } from ${JSON.stringify(join(ROOT, 'src/losses/index.ts'))};\nexport default { id: 'ce', kernels: ceKernels };\n`,
    );
    // Act
    const e = await rejection(loadLossModule(twin, { display: 'twin.mjs' }));
    // Assert
    expect(e.message).toMatch(/^--loss: twin\.mjs: loss id 'ce' is already registered for another loss/);
  });
});

describe('isLossPath', () => {
  it('should tell module paths from registered ids', () => {
    expect(['./a.ts', 'a.js', 'x/y', 'm.mjs', '/abs/loss.cts'].map(isLossPath)).toEqual([true, true, true, true, true]);
    expect(['ce', 'mse', 'ls(0.1)', 'ex-focal(2)'].map(isLossPath)).toEqual([false, false, false, false]);
  });
});
