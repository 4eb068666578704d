// Holds V8's young generation at its initial size for the life of the process:
// boundYoungGeneration() runs before any other module allocates (young-generation-bound.ts
// is the first import of main.ts).
//
// Why: V8 starts a new space of two 1 MiB semi-spaces and doubles it under allocation
// pressure, up to 16 MiB per semi-space on 64-bit Node.js 20 and 22; module loading and
// the first scrapes take it there, and a process that keeps allocating never gives it
// back. The exporter allocates little that outlives a request, so it pays for a fixed
// 1 MiB semi-space with more frequent, shorter scavenges and saves about 15 MB of RSS
// idle and more under load (docs/benchmarks.md has the figures, before and after).
//
// How: --max-semi-space-size only works on the command line (V8 sizes the heap before any
// script runs), which users of `npm start`, a service unit or the Helm chart do not all
// control. The growth factor is read each time V8 would grow the new space, so setting it
// to 1 from here works for every launch (checked on Node.js 20 and on node.exe 22 under
// Wine). Creating a worker thread puts V8's flags back to their defaults, so the probe
// thread sets it again once each worker is online (reapplyYoungGenerationBound). A
// semi-space size chosen on the command line or in NODE_OPTIONS is left alone.
import { setFlagsFromString } from 'node:v8';

const FLAG = '--semi-space-growth-factor=1';

const chosenByUser = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((arg) =>
  /semi-space-size|semi-space-growth-factor/.test(arg),
);

let bounded = false;

/** Bounds the young generation, unless the user chose its size; true when it did. */
export function boundYoungGeneration(): boolean {
  bounded = !chosenByUser;
  if (bounded) setFlagsFromString(FLAG);
  return bounded;
}

/** Sets the bound again after something reset V8's flags (a new worker thread), if it was set. */
export function reapplyYoungGenerationBound(): void {
  if (bounded) setFlagsFromString(FLAG);
}
