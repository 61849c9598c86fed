/**
 * The package proved from outside (issue 14 item 5): pack ufmcheck with `npm pack`, install the tarball into a fresh
 * project, and there (1) type-check the README's library code under a strict tsconfig, (2) run it with vitest —
 * a registered claim, a new claim and a false one explained by assertClaim, (3) run the CLI on a registered claim,
 * on the README's plug-in loss and on its plug-in conjecture. The consumer's files are read from README.md's
 * `<!-- consumer-file: PATH -->` blocks, so the README shows exactly the code that runs here.
 *
 * Offline: `npm install --prefer-offline` takes ufmcheck's dependencies from the npm cache `npm ci` filled; the
 * consumer's own dev tools (typescript, vitest, @types/node) are links to this checkout's node_modules.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIsCurrent } from '../../bin/build.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Environment of the child processes: no vitest markers from this run, no inherited seed. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(VITEST|UFMCHECK_SEED|NODE_OPTIONS|TEST)/.test(k)) env[k] = v;
  return {
    ...env,
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

async function sh(
  cmd: string,
  args: readonly string[],
  cwd: string,
  timeout = 240_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(cmd, [...args], { cwd, env: childEnv(), timeout, maxBuffer: 64 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return {
      code: typeof x.code === 'number' ? x.code : 1,
      stdout: x.stdout ?? '',
      stderr: `${x.stderr ?? ''}\n${x.message}`,
    };
  }
}

/** README.md's consumer files: `<!-- consumer-file: PATH -->` followed by one fenced block. */
function readmeFiles(): Map<string, string> {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const out = new Map<string, string>();
  for (const m of text.matchAll(/<!-- consumer-file: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g))
    out.set(m[1] as string, `${m[2] as string}\n`);
  return out;
}

/** README.md's consumer shell commands (the block after `<!-- consumer-commands -->`), one argv per line. */
function readmeCommands(): string[][] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- consumer-commands -->\n```sh\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';
  return block
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) =>
      l
        .trim()
        .split(/\s+/)
        .map((a) => a.replace(/^'(.*)'$/, '$1')),
    );
}

const STRICT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023'],
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: false,
  },
  include: ['test'],
};

let work = '';
let consumer = '';
let packed: { size: number; unpackedSize: number; files: string[] } | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ufm-consumer-'));
  // Stage what `npm pack` ships: package.json, README, bin/ and a build of src/ and properties/. The repository's
  // dist/ is used when it is newer than every source (as after `npm ci`); otherwise this builds into the stage, never
  // into the checkout (a concurrent CLI test must not see a half-written dist/).
  const stage = join(work, 'stage');
  mkdirSync(stage);
  for (const f of ['package.json', 'README.md', 'bin']) cpSync(join(ROOT, f), join(stage, f), { recursive: true });
  const fresh = buildIsCurrent(pathToFileURL(`${ROOT}/`));
  if (fresh) cpSync(join(ROOT, 'dist'), join(stage, 'dist'), { recursive: true });
  else {
    const tsc = await sh(
      process.execPath,
      [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '-p',
        join(ROOT, 'tsconfig.build.json'),
        '--outDir',
        join(stage, 'dist'),
      ],
      ROOT,
    );
    if (!existsSync(join(stage, 'dist/src/index.js'))) throw new Error(`build failed:\n${tsc.stdout}${tsc.stderr}`);
    const bundle = await sh(process.execPath, [join(ROOT, 'scripts/bundle-cli.mjs'), join(stage, 'dist')], ROOT);
    if (bundle.code !== 0) throw new Error(`bundle failed:\n${bundle.stderr}`);
  }
  const pack = await sh(NPM, ['pack', stage, '--ignore-scripts', '--json', '--pack-destination', work], work);
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const info = (
    JSON.parse(pack.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[]
  )[0];
  if (info === undefined) throw new Error('npm pack printed no package');
  packed = { size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => f.path) };
  // The consumer project.
  consumer = join(work, 'consumer');
  mkdirSync(join(consumer, 'test'), { recursive: true });
  const fastCheck = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
  ).dependencies['fast-check'];
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify(
      {
        name: 'my-nc-research',
        private: true,
        type: 'module',
        dependencies: { ufmcheck: `file:${join(work, info.filename)}`, 'fast-check': fastCheck },
      },
      null,
      2,
    ),
  );
  const install = await sh(
    NPM,
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
    consumer,
  );
  if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
  for (const dev of ['typescript', 'vitest', '@types/node']) {
    const link = join(consumer, 'node_modules', dev);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dev), link, 'dir');
  }
  for (const [path, code] of readmeFiles()) {
    mkdirSync(dirname(join(consumer, path)), { recursive: true });
    writeFileSync(join(consumer, path), code);
  }
  writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG, null, 2));
}, 600_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the packed package, installed into a fresh project', () => {
  it('should ship the compiled package only: bin and dist with declarations, no sources, tests or run-time loader', () => {
    // Assert
    const files = packed?.files ?? [];
    expect(files).toContain('bin/ufmcheck.js');
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('dist/cli/main.js'); // the bundled CLI the bin runs
    expect(files).toContain('dist/cli/huntWorker.js');
    expect(
      files.filter((f) => /^(src|tests|bench|fixtures|\.ci|scripts|examples)\//.test(f) || f.endsWith('.py')),
    ).toEqual([]);
    expect(existsSync(join(consumer, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(consumer, 'node_modules/esbuild'))).toBe(false);
    // The figures go in the closing note (issue 14): file count and sizes of the tarball.
    console.log(
      `npm pack: ${files.length} files, ${packed?.size ?? 0} B packed, ${packed?.unpackedSize ?? 0} B unpacked`,
    );
  });

  it("should type-check the README's code under a strict tsconfig (noUncheckedIndexedAccess, no skipLibCheck)", async () => {
    // Act
    const r = await sh(process.execPath, [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', '.'], consumer);
    // Assert
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.code).toBe(0);
  }, 240_000);

  it("should run the README's vitest file: a registered claim, a new claim and a false claim explained", async () => {
    // Act
    const r = await sh(
      process.execPath,
      [join(consumer, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=verbose'],
      consumer,
    );
    // Assert
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/3 passed/);
  }, 240_000);

  it('should say that a TypeScript plug-in needs tsx, which the package does not install (exit 64, one line)', async () => {
    // Arrange: the README's loss saved as .ts
    writeFileSync(join(consumer, 'my-loss.ts'), readFileSync(join(consumer, 'my-loss.mjs'), 'utf8'));
    const bin = join(consumer, 'node_modules/ufmcheck/bin/ufmcheck.js');
    // Act
    const r = await sh(
      process.execPath,
      [bin, 'predict', '--loss', './my-loss.ts', '--K', '4', '--d', '4', '--n', '3'],
      consumer,
    );
    // Assert
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^ufmcheck: error: --loss: '\.\/my-loss\.ts' is TypeScript, and loading it needs tsx/);
  }, 120_000);

  it("should run the README's commands: verify a registered claim, predict for the plug-in loss, hunt the plug-in conjecture", async () => {
    // Arrange
    const commands = readmeCommands();
    expect(commands.map((c) => c[2])).toEqual(['verify', 'predict', 'hunt']);
    const bin = join(consumer, 'node_modules/ufmcheck/bin/ufmcheck.js');
    for (const [, , ...args] of commands) {
      // Act
      const out = mkdtempSync(join(work, 'out-'));
      const r = await sh(process.execPath, [bin, ...args, ...(args[0] === 'predict' ? [] : ['--out', out])], consumer);
      // Assert
      expect(r.code, `ufmcheck ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
      if (args[0] === 'predict') expect(r.stdout).toMatch(/my-tce\(2\)/);
      if (args[0] === 'hunt') expect(r.stdout).toMatch(/my\.ce\.bias-collapsed-at-d-equals-k/);
    }
  }, 480_000);
});
