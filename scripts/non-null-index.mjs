#!/usr/bin/env node
/**
 * Codemod for `noUncheckedIndexedAccess` (issue 14 item 1: the flag is to be on): adds a non-null assertion
 * `a[i]!` at the element accesses whose type gained `undefined` under the flag, in the files and folders given.
 *
 * Why: with the flag on, every `a[i]` over a Float64Array, an array or a numeric index signature has type
 * `T | undefined`. In our numeric kernels the index is inside the documented shape by construction (loops to n,
 * row-major offsets), so the assertion states exactly what the code already assumes, costs nothing at run time and
 * replaces the `x[i] as number` casts' silent widening with a marked one. It is NOT the right fix where the index
 * can really be out of range (parsing user data, argv, Records/Maps keyed by user input): those need a real check,
 * so the codemod leaves them alone and lists them for a human (see "Policy").
 *
 * How: it type-checks the project (the tsconfig given by --project, default ./tsconfig.json) with
 * `noUncheckedIndexedAccess: true` set in memory (no config file is written), takes the diagnostics the flag causes
 * in the target files — TS2532/TS18048 "possibly 'undefined'", TS2322/TS2345/TS2769 "'T | undefined' is not
 * assignable", TS2538 "'undefined' cannot be used as an index type" — and finds the element access behind each:
 * the expression itself, the right-hand side of an assignment, the initializer of a declaration or property, the
 * returned expression, or, for an identifier, the initializer of the `const`/`let` that declared it (one `!` at the
 * declaration instead of one at every use). It inserts `!` right after the access's `]` (text edit: formatting and
 * comments are untouched) and re-checks until nothing more is fixable (a[i][j] takes two rounds: a[i]![j]!).
 *
 * Policy: `!` is added only when (1) the object is indexed through a numeric index signature (arrays, typed arrays,
 * number-keyed records), (2) that signature's element type does not itself contain `undefined` (so only the
 * flag's `undefined` is removed, never a declared one), and (3) the element type is not `string` (string arrays
 * here come from argv, split lines and parsed files: user data). String-keyed accesses (Records), string arrays,
 * accesses in files outside the targets, and diagnostics it cannot trace to an element access are printed as
 * "left for a human" and not edited.
 *
 * Idempotent: an access that already has `!` no longer produces a diagnostic, so a second run changes nothing.
 *
 * Usage: node scripts/non-null-index.mjs [--project tsconfig.json] [--dry-run] <dir-or-file>...
 *   e.g. node scripts/non-null-index.mjs src/linalg src/solvers tests/unit/linalg
 * Exit: 0 when no flag-caused diagnostic is left in the targets, 1 when some are left for a human, 2 on bad usage.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const CODES = new Set([2532, 18048, 2322, 2345, 2769, 2538]);
const MAX_ROUNDS = 12;

function parseArgs(argv) {
  let project = 'tsconfig.json';
  let dryRun = false;
  const targets = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--project' || a === '-p') {
      const next = argv[i + 1];
      if (next === undefined) usage('--project needs a path');
      project = next;
      i++;
    } else if (a === '--dry-run') dryRun = true;
    else if (a === '--help' || a === '-h') usage(undefined, 0);
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else targets.push(resolve(a));
  }
  if (targets.length === 0) usage('give at least one directory or file');
  for (const t of targets) {
    try {
      statSync(t);
    } catch {
      usage(`target: no such file or directory ${t}`);
    }
  }
  return { project: resolve(project), dryRun, targets };
}

function usage(message, code = 2) {
  if (message !== undefined) console.error(`non-null-index: ${message}`);
  console.error('usage: node scripts/non-null-index.mjs [--project tsconfig.json] [--dry-run] <dir-or-file>...');
  process.exit(code);
}

const { project, dryRun, targets } = parseArgs(process.argv.slice(2));
const cwd = process.cwd();

function isTarget(fileName) {
  const f = resolve(fileName);
  return targets.some((t) => f === t || f.startsWith(t.endsWith(sep) ? t : t + sep));
}

const configFile = ts.readConfigFile(project, ts.sys.readFile);
if (configFile.error) usage(ts.flattenDiagnosticMessageText(configFile.error.messageText, '\n'));
const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, resolve(project, '..'));
const options = { ...parsed.options, noUncheckedIndexedAccess: true, noEmit: true };
const rootNames = parsed.fileNames;

/** Edited text of files, served to the compiler instead of the disk's. */
const overrides = new Map();
const host = ts.createCompilerHost(options, true);
const baseGetSourceFile = host.getSourceFile.bind(host);
const baseReadFile = host.readFile.bind(host);
host.readFile = (f) => overrides.get(resolve(f)) ?? baseReadFile(f);
host.getSourceFile = (f, lang, onError, shouldCreate) => {
  const text = overrides.get(resolve(f));
  if (text !== undefined) return ts.createSourceFile(f, text, lang, true);
  return baseGetSourceFile(f, lang, onError, shouldCreate);
};

/** Innermost node of `sf` whose span is exactly [start, start+length), or the innermost one containing it. */
function nodeAt(sf, start, length) {
  let best = sf;
  const visit = (n) => {
    const s = n.getStart(sf);
    if (s <= start && start + length <= n.end) {
      best = n;
      ts.forEachChild(n, visit);
    }
  };
  ts.forEachChild(sf, visit);
  return best;
}

function skipParens(e) {
  while (e && (ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e))) e = e.expression;
  return e;
}

/** The expression whose value an error at `node` is about (for "not assignable" errors reported on a name). */
function sourceExpression(node) {
  const p = node.parent;
  if (node.kind === ts.SyntaxKind.ReturnKeyword || ts.isReturnStatement(node)) {
    const ret = ts.isReturnStatement(node) ? node : p;
    return ret && ts.isReturnStatement(ret) ? ret.expression : undefined;
  }
  if (p && ts.isVariableDeclaration(p) && p.name === node) return p.initializer;
  if (p && ts.isPropertyDeclaration(p) && p.name === node) return p.initializer;
  if (p && ts.isPropertyAssignment(p) && p.name === node) return p.initializer;
  if (p && ts.isShorthandPropertyAssignment(p) && p.name === node) return node;
  if (p && ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    return p.right;
  if (p && ts.isParameter(p) && p.name === node) return p.initializer;
  return node;
}

function includesUndefined(type) {
  if (type.flags & ts.TypeFlags.Undefined) return true;
  return type.isUnion() && type.types.some((t) => (t.flags & ts.TypeFlags.Undefined) !== 0);
}

/**
 * Whether `e` (an element access) may get `!`: see "Policy" in the header. Returns 'fix', or a reason to leave it.
 */
function classify(checker, e) {
  if (e.questionDotToken) return 'optional chain';
  const indexType = checker.getTypeAtLocation(e.argumentExpression);
  const numeric = (indexType.flags & ts.TypeFlags.NumberLike) !== 0;
  const objType = checker.getNonNullableType(checker.getTypeAtLocation(e.expression));
  const parts = objType.isUnion() ? objType.types : [objType];
  for (const part of parts) {
    const apparent = checker.getApparentType(part);
    const info = numeric
      ? (checker.getIndexInfoOfType(apparent, ts.IndexKind.Number) ??
        checker.getIndexInfoOfType(apparent, ts.IndexKind.String))
      : undefined;
    if (!numeric) return 'string-keyed access (Record/Map-like: needs a real check)';
    if (info === undefined) return 'no numeric index signature';
    if (includesUndefined(info.type)) return 'element type declares undefined';
    const el = checker.getNonNullableType(info.type);
    if (el.flags & ts.TypeFlags.StringLike) return 'string element (user data: needs a real check)';
  }
  return 'fix';
}

/** Follow an identifier to the element access that initialised it (const x = a[i]; let x = a[i]). */
function traceIdentifier(checker, id) {
  const sym = checker.getSymbolAtLocation(id);
  const shorthand =
    id.parent && ts.isShorthandPropertyAssignment(id.parent)
      ? checker.getShorthandAssignmentValueSymbol(id.parent)
      : undefined;
  const decl = (shorthand ?? sym)?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || decl.type !== undefined || !ts.isIdentifier(decl.name))
    return undefined;
  return decl.initializer;
}

/** The element access to assert for diagnostic `d`, or a reason why there is none. */
function culprit(checker, sf, d) {
  const node = nodeAt(sf, d.start, d.length);
  let e = skipParens(d.code === 2532 || d.code === 18048 || d.code === 2538 ? node : sourceExpression(node));
  if (e === undefined) return { reason: 'no source expression' };
  if (ts.isNonNullExpression(e)) return { reason: 'already asserted' };
  if (ts.isIdentifier(e)) {
    const init = skipParens(traceIdentifier(checker, e));
    if (init === undefined) return { reason: `identifier '${e.text}' not initialised by an element access` };
    e = init;
  }
  if (!ts.isElementAccessExpression(e)) return { reason: `${ts.SyntaxKind[e.kind]} is not an element access` };
  if (e.parent && ts.isNonNullExpression(e.parent)) return { reason: 'already asserted' };
  return { access: e };
}

function lineCol(sf, pos) {
  const { line, character } = sf.getLineAndCharacterOfPosition(pos);
  return `${relative(cwd, sf.fileName)}:${line + 1}:${character + 1}`;
}

let program;
let left = [];
const fixedPerFile = new Map();
for (let round = 1; round <= MAX_ROUNDS; round++) {
  program = ts.createProgram({ rootNames, options, host, oldProgram: program });
  const checker = program.getTypeChecker();
  const edits = new Map(); // fileName -> Set of offsets where '!' goes
  left = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || !isTarget(sf.fileName)) continue;
    for (const d of program.getSemanticDiagnostics(sf)) {
      if (!CODES.has(d.code) || d.start === undefined || d.length === undefined) continue;
      const msg = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (!msg.includes('undefined')) continue;
      const where = lineCol(sf, d.start);
      const found = culprit(checker, sf, d);
      if (found.access === undefined) {
        left.push(`${where} TS${d.code}: ${found.reason}`);
        continue;
      }
      const a = found.access;
      const asf = a.getSourceFile();
      const verdict = classify(checker, a);
      if (verdict !== 'fix') {
        const at = a.getStart(asf) === d.start && asf === sf ? '' : ` (at ${lineCol(asf, a.getStart(asf))})`;
        left.push(`${where} TS${d.code}: ${a.getText(asf)}${at} — ${verdict}`);
        continue;
      }
      if (!isTarget(asf.fileName)) {
        left.push(
          `${where} TS${d.code}: ${a.getText(asf)} is declared in ${relative(cwd, asf.fileName)}, outside the targets`,
        );
        continue;
      }
      const set = edits.get(asf.fileName) ?? new Set();
      set.add(a.end);
      edits.set(asf.fileName, set);
    }
  }
  if (edits.size === 0) break;
  let n = 0;
  for (const [fileName, offsets] of edits) {
    const key = resolve(fileName);
    let text = overrides.get(key) ?? readFileSync(key, 'utf8');
    for (const off of [...offsets].sort((x, y) => y - x)) text = `${text.slice(0, off)}!${text.slice(off)}`;
    overrides.set(key, text);
    fixedPerFile.set(key, (fixedPerFile.get(key) ?? 0) + offsets.size);
    n += offsets.size;
  }
  console.log(`round ${round}: ${n} assertion(s) in ${edits.size} file(s)`);
}

for (const [file, n] of [...fixedPerFile].sort()) {
  console.log(`${dryRun ? 'would fix' : 'fixed'} ${String(n).padStart(4)}  ${relative(cwd, file)}`);
  if (!dryRun) writeFileSync(file, overrides.get(file));
}
if (left.length > 0) {
  console.log(`\nleft for a human (${left.length}):`);
  for (const l of [...new Set(left)]) console.log(`  ${l}`);
  process.exit(1);
}
console.log('no flag-caused diagnostic left in the targets');
