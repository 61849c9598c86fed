/**
 * The certified-model registry (src/certified/registry.ts; issue 14 item 1): every registered model round-trips
 * flags → problem → JSON → problem, solves a small instance, certifies it, and serialises the point so that the
 * point read back is the same point with the same certificate; `solve --model` offers exactly the registry's ids.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { certifiedModels, modelById, modelIds, parseModelPoint } from '../../../src/certified/index.ts';
import type { CollapsedExtended, FlagValues } from '../../../src/certified/index.ts';
import { createRng } from '../../../src/core/index.ts';
import { lossById } from '../../../src/losses/index.ts';
import { ufmObjective } from '../../../src/models/index.ts';
import type { ExtendedProblem, UfmProblem } from '../../../src/models/index.ts';
import { runCli } from '../cli/harness.ts';

/**
 * One small instance per model, as `solve --model M` flags. A model added to the registry without an entry here
 * fails the coverage test below.
 */
const INSTANCES: Readonly<Record<string, FlagValues>> = {
  ufm: { K: '3', d: '4', n: '2', 'lambda-w': '1e-2', 'lambda-h': '1e-2' },
  extended: { K: '3', d: '4', n: '2' },
  relu: { K: '3', d: '4', n: '2' },
  ulpm: { K: '3', d: '4', n: '2', 'max-iter': '200' },
  'fixed-features': { K: '3', d: '4', n: '5' },
};

/**
 * What the certificate of the solved small instance must say. ufm and extended: a CE/MSE minimizer of a benign
 * instance certifies as a local minimum (the solve reaches ‖∇f‖ ≤ 1e-10 ≪ the 1e-8 gradient tolerance). relu: the
 * smooth-point certificate is inconclusive when the point sits on a kink (every nonnegative orthogonal frame does;
 * relu.ts), so only the round trip is asserted. ulpm / fixed-features: their own kinds, certified when finite.
 */
const EXPECTED_KIND: Readonly<Record<string, string | undefined>> = {
  ufm: 'local-min',
  extended: 'local-min',
  relu: 'local-min',
  ulpm: 'margin',
  'fixed-features': 'ridge',
};

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ufmcheck-models-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe('certified model registry', () => {
  it('should have an instance in this test for exactly the registered models, with unique ids', () => {
    expect(new Set(modelIds()).size).toBe(certifiedModels.length);
    expect(Object.keys(INSTANCES).sort()).toEqual(modelIds().sort());
  });

  it('should give every flag one parseArgs type across models', () => {
    const types = new Map<string, string>();
    for (const m of certifiedModels) {
      for (const [f, t] of Object.entries(m.flags)) {
        expect(types.get(f) ?? t, `--${f} of ${m.id}`).toBe(t);
        types.set(f, t);
      }
    }
  });

  for (const m of certifiedModels) {
    it(`should round-trip ${m.id}: flags → problem → JSON, solve, certify, point file → point with the same certificate`, () => {
      // Arrange
      const flags = INSTANCES[m.id] ?? {};
      const { problem, options } = m.fromFlags(flags);
      // Act
      const reparsed = m.parseProblem(JSON.parse(JSON.stringify(m.problemToJson(problem))));
      const sol = m.solve(problem, { ...options, seed: 1 });
      const cert = m.certify(sol.point, { seed: 1 });
      const file = JSON.parse(JSON.stringify(m.pointToJson(sol.point))) as unknown;
      const back = parseModelPoint(file);
      const certBack = back.model.certify(back.point, { seed: 1 });
      // Assert
      expect(reparsed).toEqual(problem);
      expect(sol.exit).toBe(0);
      expect(sol.point.model).toBe(m.id);
      expect(back.model.id).toBe(m.id);
      expect(back.point.problem).toEqual(sol.point.problem);
      expect(Array.from(back.point.theta)).toEqual(Array.from(sol.point.theta));
      expect(certBack).toEqual(cert);
      const kind = EXPECTED_KIND[m.id];
      if (kind !== undefined) {
        expect(cert.kind, cert.why).toBe(kind);
        expect(cert.certified).toBe(true);
      } else {
        expect(['local-min', 'inconclusive']).toContain(cert.kind);
        expect(cert.certified).toBe(cert.kind !== 'inconclusive');
      }
    });
  }

  it('should return symmetry tangents orthogonal to the gradient at any point (f is constant on the orbit)', () => {
    // Arrange: a seeded non-critical point, where ⟨∇f, t⟩ = 0 is a property of t, not of criticality.
    const rng = createRng(5);
    const ufm = modelById('ufm');
    const pu = ufm.fromFlags(INSTANCES['ufm'] ?? {}).problem as UfmProblem;
    const objU = ufmObjective(pu, lossById(pu.loss));
    const thetaU = rng.fillNormal(new Float64Array(objU.dim), 1);
    const ext = modelById('extended');
    const pe = ext.fromFlags(INSTANCES['extended'] ?? {}).problem as ExtendedProblem;
    const red = ext.reduction(pe)?.reduced as CollapsedExtended;
    const thetaE = red.toFull(rng.fillNormal(new Float64Array(red.obj.dim), 1));
    // Act
    const su = ufm.symmetries({ model: 'ufm', problem: pu, theta: thetaU });
    const se = ext.symmetries({ model: 'extended', problem: pe, theta: thetaE });
    // Assert: |⟨∇f, t⟩| ≤ 1e-12·‖∇f‖‖t‖ (rounding of the dot product of O(dim) terms; dim ≤ 60 here).
    const check = (basis: readonly Float64Array[], g: Float64Array): void => {
      expect(basis.length).toBeGreaterThan(0);
      for (const t of basis) {
        let dot = 0,
          gg = 0,
          tt = 0;
        for (let i = 0; i < t.length; i++) {
          dot += (g[i] as number) * (t[i] as number);
          gg += (g[i] as number) ** 2;
          tt += (t[i] as number) ** 2;
        }
        expect(Math.abs(dot)).toBeLessThanOrEqual(1e-12 * Math.sqrt(gg * tt));
      }
    };
    expect(su?.space).toBe('point');
    const gu = new Float64Array(objU.dim);
    objU.valueAndGrad(thetaU, gu);
    check(su?.basis ?? [], gu);
    expect(se?.space).toBe('reduction');
    const u = red.fromFull(thetaE);
    const ge = new Float64Array(red.obj.dim);
    red.obj.valueAndGrad(u, ge);
    check(se?.basis ?? [], ge);
  });

  it("should read every stored fixture's problem with its model and write it back byte for byte (one problem shape)", () => {
    // Arrange: the committed claim fixtures (fixtures/<claim id>/*.json), each owned by the model of its id prefix.
    const root = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
    let checked = 0;
    for (const dir of readdirSync(root)) {
      const m = certifiedModels.find((x) => x.claimPrefixes.some((pre) => dir.startsWith(pre)));
      if (m === undefined) continue;
      for (const f of readdirSync(join(root, dir)).filter((x) => x.endsWith('.json'))) {
        const problem = (JSON.parse(readFileSync(join(root, dir, f), 'utf8')) as { instance: { problem: unknown } })
          .instance.problem;
        // Act / Assert
        expect(JSON.stringify(m.problemToJson(m.parseProblem(problem))), `${dir}/${f}`).toBe(JSON.stringify(problem));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('should read a point file without a model field as a plain-UFM point', () => {
    const u = {
      problem: { loss: 'ce', K: 2, d: 1, n: 1, lambdaW: 0.1, lambdaH: 0.1 },
      W: [[1], [-1]],
      H: [[1, -1]],
      b: [0, 0],
    };
    expect(parseModelPoint(u).model.id).toBe('ufm');
  });

  it('should reject an unknown model with one line listing exactly the registered ids', async () => {
    expect(() => modelById('nope')).toThrow(`must be one of ${modelIds().join(', ')}; got 'nope'`);
    expect(() => parseModelPoint({ model: 'nope' })).toThrow(/^model: must be one of/);
    const r = await runCli(['solve', '--model', 'nope', '--K', '3', '--d', '3', '--n', '1'], [], cwd);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe(`ufmcheck: error: --model: must be one of ${modelIds().join(', ')}; got 'nope'\n`);
    expect(r.stdout).toBe('');
    const v = await runCli(['verify', '--model', 'nope', '--list'], [], cwd);
    expect(v.code).toBe(64);
    expect(v.stderr).toBe(`ufmcheck: error: --model: must be one of ${modelIds().join(', ')}; got 'nope'\n`);
  });

  it('should give every model claim-id prefixes owned by no other model', () => {
    const owner = new Map<string, string>();
    for (const m of certifiedModels) {
      expect(m.claimPrefixes.length, m.id).toBeGreaterThan(0);
      for (const p of m.claimPrefixes) {
        expect(owner.get(p), `${p} of ${m.id}`).toBeUndefined();
        owner.set(p, m.id);
      }
    }
  });

  it('should list every registered model with help lines in solve --help', async () => {
    const r = await runCli(['solve', '--help'], [], cwd);
    for (const m of certifiedModels) if (m.help !== undefined) expect(r.stdout).toContain(m.help);
    expect(r.stdout).toContain(`Models (--model, default ${modelIds()[0]}):`);
  });
});
