/**
 * Conjectures that raise a stop signal in this process from inside a probe (as a Ctrl-C during that instance
 * would), for the in-process tests of `hunt` under SIGINT/SIGTERM. Loaded with `--conjecture`; hunt them on one
 * worker only (process.emit in a worker thread does not reach the main thread's handlers).
 */
import type { Conjecture } from '../../../src/claim/index.ts';
import { sumConjecture, type FakeInstance } from './fakes.ts';

/** The probe call (counted per conjecture, across runs) at which the signal is raised: every RAISE_EVERY-th. */
export const RAISE_EVERY = 5;

function raising(id: string, signal: 'SIGINT' | 'SIGTERM'): Conjecture<FakeInstance> {
  let calls = 0;
  return {
    ...sumConjecture,
    id,
    statement: `${sumConjecture.statement} (raises ${signal} every ${RAISE_EVERY} probes)`,
    probe: (i) => {
      calls++;
      if (calls % RAISE_EVERY === 0) process.emit(signal);
      return sumConjecture.probe(i);
    },
  };
}

export const conjectures: readonly Conjecture<FakeInstance>[] = [
  raising('fake.raise.sigint', 'SIGINT'),
  raising('fake.raise.sigterm', 'SIGTERM'),
];
