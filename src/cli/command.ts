/**
 * A subcommand: one file under src/cli/commands/, one entry in main.ts's COMMANDS table.
 */
import type { CliContext } from './context.ts';

export interface Command {
  /** The word after `ufmcheck`. */
  readonly name: string;
  /** One line for `ufmcheck --help`. */
  readonly summary: string;
  /** Full `--help` text (ends with a newline). */
  readonly help: string;
  /**
   * Runs the command. Throws {@link UsageError} for bad input before writing anything (main prints it and
   * returns 64); otherwise returns the exit code.
   */
  run(args: readonly string[], ctx: CliContext): Promise<number>;
}
