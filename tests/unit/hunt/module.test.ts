import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conjectureProblems, findingProblem, loadConjectureModule, UsageError } from '../../../src/claim/index.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ufmcheck-hunt-module-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A duck-typed arbitrary: enough for shape validation (these modules are never run). */
const ARB = '{ generate() {}, shrink() {}, canShrinkWithoutContext() { return false; } }';
const GOOD = `{ id: 'me.my.conjecture', cite: 'me', statement: 's', arbitrary: ${ARB}, parseInstance: (u) => u, probe: () => ({ status: 'no-hit', evidence: null, why: '' }) }`;

async function load(name: string, source: string): Promise<unknown> {
  const file = join(dir, name);
  writeFileSync(file, source);
  try {
    return await loadConjectureModule(file, `./${name}`);
  } catch (e) {
    return e;
  }
}

describe('loadConjectureModule', () => {
  it('should accept a default export, a named conjecture or a conjectures array', async () => {
    // Arrange / Act
    const a = await load('a.mjs', `export default ${GOOD};`);
    const b = await load('b.mjs', `export const conjecture = ${GOOD};`);
    const c = await load('c.mjs', `export const conjectures = [${GOOD}, { ...${GOOD}, id: 'me.other.one' }];`);
    // Assert
    expect((a as { id: string }[]).map((x) => x.id)).toEqual(['me.my.conjecture']);
    expect((b as { id: string }[]).map((x) => x.id)).toEqual(['me.my.conjecture']);
    expect((c as { id: string }[]).map((x) => x.id)).toEqual(['me.my.conjecture', 'me.other.one']);
  });

  it('should name every missing member of a malformed export (usage error on --conjecture)', async () => {
    // Arrange / Act
    const e = await load('d.mjs', `export const conjecture = { id: 'me.x', cite: 'c', arbitrary: 3 };`);
    // Assert
    expect(e).toBeInstanceOf(UsageError);
    const u = e as UsageError;
    expect(u.field).toBe('--conjecture');
    expect(u.message).toContain("./d.mjs: export 'conjecture' is not a Conjecture");
    expect(u.message).toContain("missing 'statement' (a non-empty string)");
    expect(u.message).toContain("bad 'arbitrary' (a fast-check Arbitrary)");
    expect(u.message).toContain("missing 'parseInstance' (a function (u: unknown) => instance)");
    expect(u.message).toContain("missing 'probe' (a function (instance) => Finding)");
    expect(u.message).not.toContain("'cite'");
  });

  it('should say what a module exports when it exports no conjecture, and reject missing files, load errors, empty arrays and duplicate ids', async () => {
    // Arrange / Act
    const none = (await load('e.mjs', 'export const foo = 1;')) as UsageError;
    const empty = (await load('f.mjs', 'export const conjectures = [];')) as UsageError;
    const dup = (await load('g.mjs', `export const conjectures = [${GOOD}, ${GOOD}];`)) as UsageError;
    const broken = (await load('h.mjs', 'export const = ;')) as UsageError;
    const badId = (await load('i.mjs', `export default { ...${GOOD}, id: 'NoDots' };`)) as UsageError;
    let missing: unknown;
    try {
      await loadConjectureModule(join(dir, 'nope.ts'), './nope.ts');
    } catch (e) {
      missing = e;
    }
    // Assert
    expect(none.message).toContain(
      "./e.mjs exports no conjecture: export 'conjectures' (an array), 'conjecture' or a default export (it exports 'foo')",
    );
    expect(empty.message).toContain("export 'conjectures' is an empty array");
    expect(dup.message).toContain('me.my.conjecture: duplicate id');
    expect(broken.message).toContain("cannot load './h.mjs'");
    expect(badId.message).toContain("bad 'id' 'NoDots'");
    expect((missing as UsageError).message).toBe("--conjecture: './nope.ts': no such file");
  });
});

describe('conjectureProblems and findingProblem', () => {
  it('should accept well-formed values and describe malformed ones', () => {
    expect(conjectureProblems(null)).toEqual(['not an object (got null)']);
    expect(findingProblem({ status: 'hit', evidence: { f: Infinity, g: [1, 'x'] }, why: 'w' })).toBeUndefined();
    expect(findingProblem({ status: 'hit', why: 'w' })).toBe('evidence is missing (use null for none)');
    expect(findingProblem({ status: 'hit', evidence: { f: () => 1 }, why: 'w' })).toBe(
      'evidence.f: function is not JSON',
    );
    expect(findingProblem({ status: 'hit', evidence: 1, why: 3 })).toBe('why must be a string; got 3');
    expect(findingProblem('hit')).toContain('a finding must be an object');
  });
});
