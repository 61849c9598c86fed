/**
 * The ufmcheck command line: `main(argv)` dispatches `argv[0]` through the {@link COMMANDS} table and returns the
 * exit code (bin/ufmcheck.js sets process.exitCode from it). Everything a command touches comes through a
 * {@link CliContext}, so tests call `main([...], { registry, stdout, stderr, cwd })` in-process.
 *
 * Error contract: a {@link UsageError} (bad flag, value, file) prints one line
 * `ufmcheck: error: <field>: <message>` on stderr and returns 64 — commands validate everything before they
 * write, so nothing reaches stdout or disk. Anything else thrown is a bug: stack on stderr, exit 70.
 *
 * EXTENSION POINT — commands still to come (issues 2, 4, 6): `solve`, `metrics`, `certify`, `hunt`.
 * To add one: create `src/cli/commands/<name>.ts` exporting a {@link Command} (name, one-line summary, --help
 * text, `run(args, ctx)`; parse flags with `parseStrict` from ../args.ts and throw UsageError naming the flag;
 * write through `ctx.stdout`, never `console`), then add one entry to COMMANDS below. Until then these words are
 * unknown commands (exit 64).
 */
import { existsSync, readFileSync } from 'node:fs';
// Straight from errors.ts, not the core index: the index pulls in @stdlib's generators, ~100 ms of a cold --help.
import { OutputError, UsageError } from '../core/errors.ts';
import type { Command } from './command.ts';
import { resolveContext, type MainOptions } from './context.ts';
import { ExitCode } from './exitCodes.ts';

/** A row of the dispatch table: the command's word and summary, and how to load it (on first use). */
export interface CommandEntry {
  readonly name: string;
  /** One line for `ufmcheck --help` (equal to the loaded command's own summary; tests/unit/cli/main.test.ts). */
  readonly summary: string;
  load(): Promise<Command>;
}

/**
 * The dispatch table: one entry per file under src/cli/commands/ (see the extension point above). Commands are
 * imported on first use, so `ufmcheck --help` and `--version` load none of them (issue 14: --help ≤ 2.5× `node -e 1`).
 */
export const COMMANDS: ReadonlyMap<string, CommandEntry> = new Map<string, CommandEntry>(
  (
    [
      [
        'verify',
        'run the registered claims and negative controls (the CI gate)',
        async () => (await import('./commands/verify.ts')).verifyCommand,
      ],
      [
        'replay',
        're-run stored counterexamples (fixtures) by their instance',
        async () => (await import('./commands/replay.ts')).replayCommand,
      ],
      [
        'hunt',
        'search an open conjecture for counterexamples (hits are saved as fixtures)',
        async () => (await import('./commands/hunt.ts')).huntCommand,
      ],
      [
        'solve',
        'solve one UFM instance to a certified critical point',
        async () => (await import('./commands/solve.ts')).solveCommand,
      ],
      ['metrics', 'NC metrics of a stored point', async () => (await import('./commands/metrics.ts')).metricsCommand],
      [
        'certify',
        'second-order (and --global) certificate of a point',
        async () => (await import('./commands/certify.ts')).certifyCommand,
      ],
      [
        'report',
        'render stored verify/hunt JSON results as an HTML report with figures and a CI summary',
        async () => (await import('./commands/report.ts')).reportCommand,
      ],
      [
        'predict',
        'what docs/theory.md §10 predicts for a loss: traits, f*, ETF scale, norms, threshold',
        async () => (await import('./commands/predict.ts')).predictCommand,
      ],
      [
        'compare-losses',
        'losses × (traits, §10 prediction, loss-claim verdicts) in one matrix',
        async () => (await import('./commands/compareLosses.ts')).compareLossesCommand,
      ],
      [
        'merge',
        'combine the outputs of shards (hunt/verify results, fixtures, JUnit, report) into one, with totals',
        async () => (await import('./commands/merge.ts')).mergeCommand,
      ],
    ] as const
  ).map(([name, summary, load]) => [name, { name, summary, load }]),
);

/** `ufmcheck --help`. */
export function topHelp(): string {
  const width = Math.max(...[...COMMANDS.keys()].map((k) => k.length));
  const lines = [...COMMANDS.values()].map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: ufmcheck <command> [options]

Property-based verification of neural-collapse theory on the Unconstrained Features Model.

Commands:
${lines.join('\n')}

Run 'ufmcheck help <command>' (or 'ufmcheck <command> --help') for a command's options;
'ufmcheck --version' prints the version.

Exit codes: 0 ok; 1 a claim failed or a control was not refuted; 2 too many inconclusive runs;
64 bad usage; 70 internal error.
`;
}

/** The package version: package.json beside src/ (a checkout) or beside dist/ (the compiled package, dist/src/cli). */
export function version(): string {
  const at = ['../../package.json', '../../../package.json']
    .map((p) => new URL(p, import.meta.url))
    .find((u) => existsSync(u));
  if (at === undefined) return 'unknown';
  const pkg = JSON.parse(readFileSync(at, 'utf8')) as { name?: unknown; version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/**
 * Runs the CLI.
 *
 * @param argv - arguments after the program name, e.g. `['verify', '--seed', '42', '--json']`
 * @param options - context overrides for tests (registry, stdout, stderr, cwd, clock); defaults are the
 *   process and properties/index.ts
 * @returns the exit code (see exitCodes.ts)
 * @example
 * await main(['verify', '--claim', 'ce.', '--seed', '1', '--json']); // => 0
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const ctx = resolveContext(options);
  try {
    const [name, ...rest] = argv;
    if (name === '--version' || name === '-V' || name === 'version') {
      ctx.stdout.write(`ufmcheck ${version()}\n`);
      return ExitCode.ok;
    }
    if (name === 'help' && rest[0] !== undefined) {
      // `ufmcheck help CMD` is `ufmcheck CMD --help`.
      const target = COMMANDS.get(rest[0]);
      if (target === undefined)
        throw new UsageError('command', `unknown command '${rest[0]}' (commands: ${[...COMMANDS.keys()].join(', ')})`);
      ctx.stdout.write((await target.load()).help);
      return ExitCode.ok;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      ctx.stdout.write(topHelp());
      return ExitCode.ok;
    }
    if (name === undefined)
      throw new UsageError('command', `missing; try 'ufmcheck --help' (commands: ${[...COMMANDS.keys()].join(', ')})`);
    const command = COMMANDS.get(name);
    if (command === undefined)
      throw new UsageError('command', `unknown command '${name}' (commands: ${[...COMMANDS.keys()].join(', ')})`);
    const loaded = await command.load();
    // Process-wide set-up of the numeric layers (compiled wasm wrappers, helper threads; src/claim/runtime.ts),
    // before any kernel is compiled; not for --help/--version, which load none of them.
    (await import('../claim/index.ts')).configureRuntime();
    return await loaded.run(rest, ctx);
  } catch (e) {
    if (e instanceof OutputError) {
      ctx.stderr.write(`ufmcheck: error: ${e.message}\n`);
      return ExitCode.cantCreate;
    }
    if (e instanceof UsageError) {
      ctx.stderr.write(`ufmcheck: error: ${e.message.split('\n')[0] ?? e.message}\n`);
      return ExitCode.usage;
    }
    ctx.stderr.write(`ufmcheck: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return ExitCode.internal;
  }
}
