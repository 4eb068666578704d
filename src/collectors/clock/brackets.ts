// Reads K (monotonic, wall, monotonic) brackets back to back. A module of its own so
// that bench/clock-read.ts times exactly the code the clock collector runs per sample.
import type { Bracket, ClockBackend } from './types';

export function readBrackets(backend: Pick<ClockBackend, 'monoNs' | 'wallNs'>, count: number): Bracket[] {
  const { monoNs, wallNs } = backend;
  const brackets: Bracket[] = [];
  for (let i = 0; i < count; i++) {
    const monoBeforeNs = monoNs();
    const wall = wallNs();
    brackets.push({ monoBeforeNs, wallNs: wall, monoAfterNs: monoNs() });
  }
  return brackets;
}
