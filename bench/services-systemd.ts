// The services collector's cost on systemd: time to collect every service unit over
// sd-bus, and per unit, against a real `systemd --user` manager in a private mount
// namespace (test/support/systemd-user.ts) holding <extra> throwaway units, so it runs
// where systemd is not PID 1. Linux only.
//
// Usage: node dist/bench/services-systemd.js <out.json> [extra=300] [rounds=50]
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { linuxServicesBackend } from '../src/collectors/services/linux';
import { startUserManager } from '../test/support/systemd-user';
import { percentile, sortedCopy } from './stats-lite';

const UNIT = '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=default.target\n';

async function main(): Promise<void> {
  const [out = 'services-systemd.json', extraArg = '300', roundsArg = '50'] = process.argv.slice(2);
  const manager = await startUserManager();
  if (typeof manager === 'string') throw new Error(manager);
  try {
    for (let i = 0; i < Number(extraArg); i++) manager.writeUnitQuiet(`hw-bench-${i}.service`, UNIT);
    manager.systemctl('daemon-reload');
    const backend = linuxServicesBackend({ address: manager.address });
    const units = (await backend.collect(() => true)).length;
    for (let i = 0; i < 5; i++) await backend.collect(() => true);
    const samples: number[] = [];
    // The manager answers on a worker thread: the event loop should stay free meanwhile.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    for (let i = 0; i < Number(roundsArg); i++) {
      const started = performance.now();
      await backend.collect(() => true);
      samples.push(performance.now() - started);
    }
    loop.disable();
    const sorted = sortedCopy(samples);
    const p50 = percentile(sorted, 50);
    const result = {
      node: process.version,
      units,
      p50Ms: p50,
      p90Ms: percentile(sorted, 90),
      minMs: sorted[0],
      perUnitUs: (p50 * 1000) / units,
      eventLoopDelayMaxMs: loop.max / 1e6,
    };
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await manager.stop();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`bench: ${String(error instanceof Error ? error.stack : error)}\n`);
  process.exitCode = 1;
});
