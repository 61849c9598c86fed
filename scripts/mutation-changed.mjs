#!/usr/bin/env node
/**
 * Mutation testing of what changed since the recorded base (issue 9 item 5), for CI: the full run
 * (`npm run mutation`, stryker.config.mjs) takes hours on 2 cores, so CI mutates only the source lines of the
 * configured folders that differ from the commit in `.mutation-base` (re-recorded whenever the full score is
 * re-measured, see README "Mutation testing"), and fails when their mutation score is below the thresholds:
 * ≥ 85 % in src/theory, src/certified/ufm and src/certify, ≥ 75 % elsewhere.
 *
 * Budget: at most UFMCHECK_MUTATION_MAX_LINES changed lines are mutated (default 40, ≈ 35 mutants — measured
 * ≈ 0.85 mutants per changed line in src/certified/ufm). A larger change is cut to that many lines, taken evenly across
 * the changed files and printed, so the check stays bounded; the full run is the place for large changes. Stryker
 * is killed after UFMCHECK_MUTATION_MAX_SECONDS (default 600), which fails the check (inconclusive is not a pass).
 *
 * Survivors listed in docs/mutation-equivalents.md (file, mutator, replacement) are equivalent mutants and do not
 * count against the score.
 *
 * Exit: 0 nothing changed or every group at or above its threshold; 1 below a threshold; 2 could not decide
 * (no base, git missing, Stryker failed or ran out of time).
 *
 * Usage: node scripts/mutation-changed.mjs [--base <commit>] [--dry] (--dry lists what would be mutated).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const STRICT_FOLDERS = ['src/theory/', 'src/certified/ufm/', 'src/certify/'];
const STRICT_THRESHOLD = 85;
const OTHER_THRESHOLD = 75;
const MAX_LINES = Number(process.env.UFMCHECK_MUTATION_MAX_LINES ?? 40);
const MAX_SECONDS = Number(process.env.UFMCHECK_MUTATION_MAX_SECONDS ?? 600);
const REPORT = 'reports/mutation/mutation.json'; // the json reporter's file (stryker.config.mjs)

const args = process.argv.slice(2);
const dry = args.includes('--dry');
const baseFlag = args.indexOf('--base');

/** Prints one line prefixed with the tool's name. */
function say(text) {
  process.stdout.write(`mutation-changed: ${text}\n`);
}

/** Stops with exit code `code` after printing `text`. */
function stop(code, text) {
  say(text);
  process.exit(code);
}

/** Runs git and returns its stdout; undefined when git fails. */
function git(...gitArgs) {
  const r = spawnSync('git', gitArgs, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : undefined;
}

/** The base commit: --base, else the first non-comment line of .mutation-base. */
function readBase() {
  if (baseFlag >= 0) return args[baseFlag + 1];
  const file = join(root, '.mutation-base');
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
}

/** A glob of stryker.config.mjs (`**`, `*`) as an anchored regular expression. */
function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else re += /[.+^${}()|[\]\\?]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${re}$`);
}

/** Whether `file` is mutated by the config's `mutate` list (later patterns override earlier ones, `!` excludes). */
function isMutated(file, patterns) {
  let inSet = false;
  for (const p of patterns) {
    const neg = p.startsWith('!');
    if (globToRegExp(neg ? p.slice(1) : p).test(file)) inSet = !neg;
  }
  return inSet;
}

/** Changed line ranges [from, to] (1-based, inclusive) of `file` between the base and the working tree. */
function changedRanges(base, file) {
  const diff = git('diff', '-U0', '--no-color', base, '--', file);
  if (diff === undefined) return undefined;
  const ranges = [];
  for (const m of diff.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (count > 0) ranges.push([start, start + count - 1]);
  }
  return ranges;
}

/** Cuts the ranges to at most `max` lines in total, sharing the budget evenly between files. */
function capRanges(perFile, max) {
  const total = perFile.reduce((s, f) => s + f.ranges.reduce((t, [a, b]) => t + b - a + 1, 0), 0);
  if (total <= max) return { perFile, total, kept: total };
  const share = Math.max(1, Math.floor(max / perFile.length));
  let kept = 0;
  const out = [];
  for (const f of perFile) {
    if (kept >= max) break;
    let left = Math.min(share, max - kept);
    const ranges = [];
    for (const [a, b] of f.ranges) {
      if (left <= 0) break;
      const take = Math.min(b - a + 1, left);
      ranges.push([a, a + take - 1]);
      left -= take;
      kept += take;
    }
    out.push({ file: f.file, ranges });
  }
  return { perFile: out, total, kept };
}

/** Equivalent mutants: rows `| file | line | mutator | replacement | reason |` of docs/mutation-equivalents.md's first section. */
function readEquivalents() {
  const file = join(root, 'docs/mutation-equivalents.md');
  if (!existsSync(file)) return [];
  const rows = [];
  // Only the table under "## Equivalent mutants": the accepted survivors listed after it still count.
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('## Equivalent mutants');
  const end = text.indexOf('\n## ', start + 1);
  if (start < 0) return [];
  for (const line of text.slice(start, end < 0 ? undefined : end).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6 || !cells[1]?.startsWith('src/')) continue;
    rows.push({ file: cells[1], mutator: cells[3], replacement: cells[4].replace(/^`|`$/g, '') });
  }
  return rows;
}

const base = readBase();
if (base === undefined || base === '')
  stop(2, 'no base commit: write one to .mutation-base (see README "Mutation testing")');
if (git('rev-parse', '--verify', '--quiet', `${base}^{commit}`) === undefined) {
  stop(2, `base ${base} is not a commit of this clone (shallow clone? fetch it, or re-record .mutation-base)`);
}

const { default: config } = await import(join(root, 'stryker.config.mjs'));
const tracked = (git('diff', '--name-only', base, '--') ?? '').split('\n').filter(Boolean);
const untracked = (git('ls-files', '--others', '--exclude-standard', '--', 'src') ?? '').split('\n').filter(Boolean);
const files = [...new Set([...tracked, ...untracked])]
  .filter((f) => isMutated(f, config.mutate) && existsSync(join(root, f)))
  .sort();

const perFile = [];
for (const file of files) {
  const ranges = untracked.includes(file)
    ? [[1, readFileSync(join(root, file), 'utf8').split('\n').length]]
    : changedRanges(base, file);
  if (ranges === undefined) stop(2, `git diff failed for ${file}`);
  if (ranges.length > 0) perFile.push({ file, ranges });
}
if (perFile.length === 0) stop(0, `no mutated source line changed since ${base.slice(0, 12)}: nothing to do`);

const capped = capRanges(perFile, MAX_LINES);
const mutate = capped.perFile.flatMap((f) => f.ranges.map(([a, b]) => `${f.file}:${a}-${b}`));
say(
  `${capped.total} changed line(s) in ${perFile.length} file(s) since ${base.slice(0, 12)}; mutating ${capped.kept}` +
    (capped.kept < capped.total
      ? ` (capped at UFMCHECK_MUTATION_MAX_LINES=${MAX_LINES}; run \`npm run mutation\` for the rest)`
      : ''),
);
for (const m of mutate) say(`  ${m}`);
if (dry) process.exit(0);

const started = Date.now();
const child = spawn(
  'npx',
  ['stryker', 'run', 'stryker.config.mjs', '--mutate', mutate.join(','), '--reporters', 'json,clear-text'],
  { cwd: root, stdio: 'inherit' },
);
const timer = setTimeout(() => {
  say(`Stryker exceeded ${MAX_SECONDS} s (UFMCHECK_MUTATION_MAX_SECONDS): stopping it; the check is inconclusive`);
  child.kill('SIGTERM');
}, MAX_SECONDS * 1000);
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
clearTimeout(timer);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (code !== 0 || !existsSync(join(root, REPORT))) stop(2, `Stryker failed (exit ${code}) after ${seconds} s`);

const report = JSON.parse(readFileSync(join(root, REPORT), 'utf8'));
const equivalents = readEquivalents();
const groups = {
  strict: { detected: 0, undetected: 0, threshold: STRICT_THRESHOLD },
  other: { detected: 0, undetected: 0, threshold: OTHER_THRESHOLD },
};
for (const [file, { mutants }] of Object.entries(report.files)) {
  const g = STRICT_FOLDERS.some((p) => file.startsWith(p)) ? groups.strict : groups.other;
  for (const m of mutants) {
    if (m.status === 'Killed' || m.status === 'Timeout') g.detected++;
    else if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const eq = equivalents.some(
        (e) => e.file === file && e.mutator === m.mutatorName && e.replacement === m.replacement,
      );
      if (eq) continue;
      g.undetected++;
      say(
        `undetected ${m.status}: ${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} → ${m.replacement}`,
      );
    }
  }
}
let failed = false;
for (const [name, g] of Object.entries(groups)) {
  const n = g.detected + g.undetected;
  if (n === 0) continue;
  const score = (100 * g.detected) / n;
  const ok = score >= g.threshold;
  failed ||= !ok;
  say(
    `${name === 'strict' ? 'src/theory, src/certified/ufm, src/certify' : 'other mutated folders'}: ${score.toFixed(1)} % ` +
      `(${g.detected}/${n}) ${ok ? '≥' : '<'} ${g.threshold} %`,
  );
}
say(`done in ${seconds} s`);
process.exit(failed ? 1 : 0);
