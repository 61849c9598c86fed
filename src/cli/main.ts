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
import { readFileSync } from 'node:fs';
import { OutputError, UsageError } from '../claim/index.ts';
import type { Command } from './command.ts';
import { verifyCommand } from './commands/verify.ts';
import { replayCommand } from './commands/replay.ts';
import { huntCommand } from './commands/hunt.ts';
import { solveCommand } from './commands/solve.ts';
import { metricsCommand } from './commands/metrics.ts';
import { certifyCommand } from './commands/certify.ts';
import { reportCommand } from './commands/report.ts';
import { predictCommand } from './commands/predict.ts';
import { compareLossesCommand } from './commands/compareLosses.ts';
import { mergeCommand } from './commands/merge.ts';
import { resolveContext, type MainOptions } from './context.ts';
import { ExitCode } from './exitCodes.ts';

/** The dispatch table: one entry per file under src/cli/commands/ (see the extension point above). */
export const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  [verifyCommand.name, verifyCommand],
  [replayCommand.name, replayCommand],
  [huntCommand.name, huntCommand],
  [solveCommand.name, solveCommand],
  [metricsCommand.name, metricsCommand],
  [certifyCommand.name, certifyCommand],
  [reportCommand.name, reportCommand],
  [predictCommand.name, predictCommand],
  [compareLossesCommand.name, compareLossesCommand],
  [mergeCommand.name, mergeCommand],
]);

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

/** The package version (package.json beside src/). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
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
      if (target === undefined) throw new UsageError('command', `unknown command '${rest[0]}' (commands: ${[...COMMANDS.keys()].join(', ')})`);
      ctx.stdout.write(target.help);
      return ExitCode.ok;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      ctx.stdout.write(topHelp());
      return ExitCode.ok;
    }
    if (name === undefined) throw new UsageError('command', `missing; try 'ufmcheck --help' (commands: ${[...COMMANDS.keys()].join(', ')})`);
    const command = COMMANDS.get(name);
    if (command === undefined) throw new UsageError('command', `unknown command '${name}' (commands: ${[...COMMANDS.keys()].join(', ')})`);
    return await command.run(rest, ctx);
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
