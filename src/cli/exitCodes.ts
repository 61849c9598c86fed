/**
 * Process exit codes of every ufmcheck command (sysexits.h for the usage/internal ones).
 *
 * - 0 `ok`: every selected claim passed and every negative control was refuted (replay: every fixture healthy).
 * - 1 `failure`: a claim failed, a check threw, or a control was not refuted. Takes precedence over 2.
 * - 2 `inconclusive`: no failure, but some claim had more inconclusive runs than `--max-inconclusive` allows.
 * - 64 `usage` (EX_USAGE): bad flag, value or input file; one line `ufmcheck: error: <field>: <message>` on
 *   stderr, nothing on stdout, no file written.
 * - 70 `internal` (EX_SOFTWARE): a bug (unsound registry, unexpected exception); the stack goes to stderr.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  inconclusive: 2,
  usage: 64,
  internal: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
