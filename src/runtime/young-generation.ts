// Holds V8's young generation at its initial size for the life of the process. Imported
// first by main.ts, before any other module allocates.
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
// Wine). A semi-space size chosen on the command line or in NODE_OPTIONS is left alone.
import { setFlagsFromString } from 'node:v8';

const chosenByUser = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((arg) =>
  /semi-space-size|semi-space-growth-factor/.test(arg),
);

/** True when this module bounded the young generation (false: the user's flags rule). */
export const youngGenerationBounded = !chosenByUser;

if (youngGenerationBounded) setFlagsFromString('--semi-space-growth-factor=1');
