// The services collector's cost on the SCM: time to collect every service, and per
// service. Runs inside node.exe (bench/services-wine.sh runs it under Wine), first on the
// prefix as it is, then with extra throwaway services created with CreateServiceW (real
// hosts have hundreds), which it deletes again on every exit path.
//
// Usage (inside node.exe): node dist/bench/services-wine.js <out.json> [extra=300] [rounds=50]
import { writeFileSync } from 'node:fs';
import { windowsServicesBackend } from '../src/collectors/services/windows';
import type { ScHandle } from '../src/platform/windows/scm';
import { closeServiceHandle, createService, deleteService, openScmForAdmin } from '../test/support/scm-admin';
import { percentile, sortedCopy } from './stats-lite';

interface Summary {
  readonly p50: number;
  readonly p90: number;
  readonly min: number;
}
interface Figure {
  readonly services: number;
  /** One EnumServicesStatusExW pass, no per-service query (nothing selected). */
  readonly enumerateMs: Summary;
  /** Enumeration plus OpenServiceW, QueryServiceConfigW and QueryServiceConfig2W x2 each. */
  readonly collectAllMs: Summary;
  readonly perServiceUs: number;
}

async function timeIt(rounds: number, run: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < 5; i++) await run(); // warm-up: koffi call paths, JIT
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  const sorted = sortedCopy(samples);
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), min: sorted[0] ?? NaN };
}

async function measure(rounds: number): Promise<Figure> {
  const backend = windowsServicesBackend({ drivers: false });
  const services = (await backend.collect(() => true)).length;
  const enumerateMs = await timeIt(rounds, () => backend.collect(() => false));
  const collectAllMs = await timeIt(rounds, () => backend.collect(() => true));
  return { services, enumerateMs, collectAllMs, perServiceUs: (collectAllMs.p50 * 1000) / services };
}

function createExtra(scm: ScHandle, count: number, created: ScHandle[]): void {
  for (let i = 0; i < count; i++) created.push(createService(scm, `HostwatchBench${process.pid}_${i}`));
}

async function main(): Promise<void> {
  const [out = 'services-wine.json', extraArg = '300', roundsArg = '50'] = process.argv.slice(2);
  const rounds = Number(roundsArg);
  const bare = await measure(rounds);
  const scm = openScmForAdmin();
  const created: ScHandle[] = [];
  let withExtra: Figure;
  try {
    createExtra(scm, Number(extraArg), created);
    withExtra = await measure(rounds);
  } finally {
    for (const handle of created) {
      deleteService(handle);
      closeServiceHandle(handle);
    }
    closeServiceHandle(scm);
  }
  const after = (await windowsServicesBackend({ drivers: false }).collect(() => true)).length;
  const result = { node: process.version, rounds, bare, withExtra, servicesAfterCleanup: after };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}

void main().catch((error: unknown) => {
  writeFileSync(2, `bench: ${String(error instanceof Error ? error.stack : error)}\n`);
  process.exitCode = 1;
});
