// Where the idle RSS goes: processes that each add one layer of the exporter, started
// together and measured in the same window. What a layer costs is its row minus the row
// above it; what no change to the exporter's own code can go below is the first rows.
//
//   node            a bare Node.js process (an interval keeps it alive)
//   node + stack    the same, having loaded the libraries the exporter loads at start
//   node + worker   a bare process with one idle worker thread, sized as the probe thread
//   node + stack + worker  both: the floor of this stack with the probe thread, before
//                  any of the exporter's own code, configuration or collector data
//   exporter, none  the exporter with every collector off (server, registries, logging)
//   exporter        the exporter as shipped (every collector this platform supports)
import { COLLECTORS } from '../src/collectors';
import { PROBE_THREAD_LIMITS } from '../src/runtime/probe-thread';
import { launch, memorySplit, sleep, startHostwatch, stop, type MemorySplit, type Target } from './procs';

/**
 * What the exporter requires at start, whatever its configuration. Not express, yaml or
 * bcryptjs: they are loaded when a request, a YAML file or basic auth first needs them.
 */
export const STARTUP_LIBRARIES = ['winston', 'prom-client', 'koffi'];

export interface FloorRow {
  readonly layer: string;
  /** Medians of the samples taken in the window. */
  readonly memory: MemorySplit;
}

const KEEP_ALIVE = 'setInterval(() => {}, 1000);';

/**
 * `node -e code` in the repository (so require finds its node_modules); no URL. With the
 * exporter's young-generation bound (src/runtime/young-generation.ts), so that the rows
 * differ only in what they load.
 */
const nodeEval = (name: string, code: string): Target =>
  launch(name, process.execPath, ['--max-semi-space-size=1', '-e', code], '');

function layers(): (() => Promise<Target>)[] {
  const stack = STARTUP_LIBRARIES.map((m) => `require(${JSON.stringify(m)});`).join(' ');
  const limits = JSON.stringify(PROBE_THREAD_LIMITS);
  const worker =
    `new (require('node:worker_threads').Worker)(${JSON.stringify(KEEP_ALIVE)}, ` +
    `{ eval: true, resourceLimits: ${limits} }).unref();`;
  const none = COLLECTORS.map((c) => `--no-collector.${c.name}`);
  return [
    async () => nodeEval('node', KEEP_ALIVE),
    async () => nodeEval('node + stack', `${stack} ${KEEP_ALIVE}`),
    async () => nodeEval('node + worker', `${worker} ${KEEP_ALIVE}`),
    async () => nodeEval('node + stack + worker', `${stack} ${worker} ${KEEP_ALIVE}`),
    async () => ({ ...(await startHostwatch(none)), name: 'exporter, no collector' }),
    async () => ({ ...(await startHostwatch()), name: 'exporter' }),
  ];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Starts every layer, waits `settleSeconds`, then samples each `samples` times 1 s apart. */
export async function measureFloor(settleSeconds: number, samples: number): Promise<FloorRow[]> {
  const targets: Target[] = [];
  try {
    for (const start of layers()) targets.push(await start());
    await sleep(settleSeconds * 1000);
    const taken: MemorySplit[][] = targets.map(() => []);
    for (let i = 0; i < samples; i++) {
      targets.forEach((t, j) => taken[j]?.push(memorySplit(t.pid)));
      await sleep(1000);
    }
    return targets.map((t, j) => {
      const s = taken[j] ?? [];
      const memory = {
        rssMB: median(s.map((m) => m.rssMB)),
        anonMB: median(s.map((m) => m.anonMB)),
        fileMB: median(s.map((m) => m.fileMB)),
      };
      return { layer: t.name, memory };
    });
  } finally {
    await Promise.all(targets.map(stop));
  }
}
