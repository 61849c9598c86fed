/**
 * Import direction (STYLE.md §2.2): cli → report → properties → claim → theory / certify → solvers → models →
 * losses / geometry → linalg → core. Every import edge must point down (or stay inside its module); losses and
 * geometry never import each other; ranks 0–6 are pure (no process, console, Date.now, Math.random); ml-matrix
 * only in src/linalg, @stdlib only in src/core/rng.ts and src/linalg, fast-check never below src/claim; properties/ and
 * src/define import no solver, certificate or linear-algebra module (their work goes through src/certified, src/hunt).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const RANK: Record<string, number> = {
  'src/core': 0,
  'src/linalg': 1,
  'src/losses': 2,
  'src/geometry': 2,
  'src/models': 3,
  'src/solvers': 4,
  'src/certify': 5,
  'src/theory': 6,
  'src/claim': 7,
  'src/arbitraries': 7.1,
  'src/certified': 7.2,
  'src/hunt': 7.5,
  'src/define': 7.6,
  properties: 8,
  'src/report': 8.5,
  'src/cli': 9,
};

function moduleOf(file: string): string | undefined {
  const rel = relative(ROOT, file).split('\\').join('/');
  if (rel.startsWith('properties/')) return 'properties';
  const m = /^(src\/[^/]+)\//.exec(rel);
  return m?.[1];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function importsOf(src: string): string[] {
  const re = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  const out: string[] = [];
  for (let m = re.exec(src); m; m = re.exec(src)) out.push((m[1] ?? m[2]) as string);
  return out;
}

const files = [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'properties'))];

describe('architecture', () => {
  it('should only import downward (or within the same module)', () => {
    const bad: string[] = [];
    for (const f of files) {
      const from = moduleOf(f);
      if (from === undefined) continue;
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const to = moduleOf(resolve(dirname(f), spec));
        if (to === undefined || to === from) continue;
        const rf = RANK[from] as number,
          rt = RANK[to] as number;
        const sideways =
          (from === 'src/losses' && to === 'src/geometry') || (from === 'src/geometry' && to === 'src/losses');
        if (rt >= rf || sideways) bad.push(`${relative(ROOT, f)} → ${spec} (${from} → ${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("should reach another module only through its index.ts (the module's public surface)", () => {
    // The one exception: the CLI's entry imports the error classes straight from core/errors.ts, because the core
    // index loads @stdlib's generators, which would cost a cold `ufmcheck --help` ~100 ms (issue 14).
    const allowed = new Set(['src/cli/main.ts → src/core/errors.ts']);
    const bad: string[] = [];
    for (const f of files) {
      const from = moduleOf(f);
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(f), spec);
        const to = moduleOf(target);
        if (to === undefined || to === from || to === 'properties') continue;
        const rel = relative(ROOT, target).split('\\').join('/');
        const edge = `${relative(ROOT, f).split('\\').join('/')} → ${rel}`;
        if (rel !== `${to}/index.ts` && !allowed.has(edge)) bad.push(edge);
      }
    }
    expect(bad).toEqual([]);
  });

  it('should keep properties/ and src/define to statements: solver, certificate and linear-algebra work lives in src/certified or src/hunt', () => {
    // A claim file reads as the theorem, its prediction, its verdicts and its controls (issue 14); what solves,
    // certifies or factorises is called through src/certified or src/hunt, never written or imported here.
    const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
      properties: ['src/solvers', 'src/certify', 'src/linalg'],
      'src/define': ['src/solvers', 'src/certify', 'src/linalg'],
    };
    const bad: string[] = [];
    for (const f of files) {
      const from = moduleOf(f);
      const forbidden = from === undefined ? undefined : FORBIDDEN[from];
      if (forbidden === undefined) continue;
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const to = moduleOf(resolve(dirname(f), spec));
        if (to !== undefined && forbidden.includes(to)) bad.push(`${relative(ROOT, f)} → ${spec} (${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('should keep ranks 0–6 free of I/O and hidden randomness', () => {
    const bad: string[] = [];
    for (const f of files) {
      const m = moduleOf(f);
      if (m === undefined || (RANK[m] as number) > 6) continue;
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const pat of [/\bprocess\./, /\bconsole\./, /\bDate\.now\b/, /\bMath\.random\b/, /from ['"]node:/]) {
        if (pat.test(code)) bad.push(`${relative(ROOT, f)}: ${pat.source}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('should confine external numeric dependencies to their layer', () => {
    const bad: string[] = [];
    for (const f of files) {
      const rel = relative(ROOT, f).split('\\').join('/');
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        if (spec === 'ml-matrix' && !rel.startsWith('src/linalg/')) bad.push(`${rel}: ml-matrix`);
        if (spec.startsWith('@stdlib/') && !(rel.startsWith('src/linalg/') || rel === 'src/core/rng.ts'))
          bad.push(`${rel}: ${spec}`);
        if (spec === 'fast-check' && (RANK[moduleOf(f) ?? ''] ?? 99) < 7) bad.push(`${rel}: fast-check`);
      }
    }
    expect(bad).toEqual([]);
  });
});
