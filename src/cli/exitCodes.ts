/**
 * Process exit codes of every ufmcheck command (sysexits.h for the usage/internal ones).
 *
 * - 0 `ok`: every selected claim passed and every negative control was refuted (replay: every fixture healthy).
 * - 1 `failure`: a claim failed, a check threw, or a control was not refuted. Takes precedence over 2.
 * - 2 `inconclusive`: no failure, but some claim had more inconclusive runs than `--max-inconclusive` allows.
 * - 64 `usage` (EX_USAGE): bad flag, value or input file; one line `ufmcheck: error: <field>: <message>` on
 *   stderr, nothing on stdout, no file written.
 * - 70 `internal` (EX_SOFTWARE): a bug (unsound registry, unexpected exception); the stack goes to stderr.
 * - 73 `cantCreate` (EX_CANTCREAT): an output could not be written (full or read-only disk, permission, a
 *   directory that vanished); one line `ufmcheck: error: cannot write <path>: <reason>`, after what was found.
 * - 130 / 143: interrupted by SIGINT / SIGTERM (128 + signal), after flushing what was found.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  inconclusive: 2,
  usage: 64,
  internal: 70,
  cantCreate: 73,
  sigint: 130,
  sigterm: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
