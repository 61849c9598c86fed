/**
 * Runs a Python reference script (bench/reference/*.py) and parses its one-line JSON output.
 * The interpreter is $UFMCHECK_PYTHON, else the first of /usr/bin/python3 (Debian's python3-numpy/-torch) and
 * python3 that imports the needed module. Returns undefined (the caller skips that comparison) when none does.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

function pick(module: string): string | undefined {
  const cands = [process.env['UFMCHECK_PYTHON'], '/usr/bin/python3', 'python3'].filter((x): x is string => !!x);
  for (const py of cands) {
    const r = spawnSync(py, ['-c', `import ${module}`], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return undefined;
}

export function runPython(script: string, module: string, args: string[] = []): Record<string, unknown> | undefined {
  const py = pick(module);
  if (py === undefined) return undefined;
  const r = spawnSync(py, [join(import.meta.dirname, 'reference', script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return { python: py, ...(JSON.parse(line) as Record<string, unknown>) };
}
