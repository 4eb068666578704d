// The exporter's CPU cost of the listen probes, idle (no scrapes but the two that read
// the probe counters). Three exporters run side by side for the same window, so machine
// noise hits them alike: listen off, listen at its defaults (2 loopback targets every
// 15 s), and listen every 1 s (for a per-probe figure). CPU from /proc/<pid>/stat.
import { readFileSync } from 'node:fs';
import { sampleValue, sleep, startExporter, type RunningExporter } from '../test/support/exporter';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const BASE = ['--no-collector.clock'];
const SETUPS: Record<string, string[]> = {
  listen_off: [...BASE, '--no-collector.listen'],
  listen_default: BASE,
  listen_every_1s: [...BASE, '--collector.listen.interval=1s'],
};

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]); // utime, stime
}

function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

async function probesRun(e: RunningExporter): Promise<number> {
  const text = await e.scrape();
  let total = 0;
  for (const target of ['ipv4_loopback', 'ipv6_loopback']) {
    total += sampleValue(text, `hostwatch_listen_probes_total{target="${target}",result="success"}`) ?? 0;
  }
  return total;
}

async function main(windowSeconds: number): Promise<void> {
  const running: [string, RunningExporter][] = [];
  try {
    for (const [name, args] of Object.entries(SETUPS)) running.push([name, await startExporter(args)]);
    await sleep(5000); // past start-up and the first probes
    const start = await Promise.all(
      running.map(async ([, e]) => [cpuTicks(e.child.pid ?? 0), await probesRun(e)]),
    );
    await sleep(windowSeconds * 1000);
    const report: Record<string, unknown> = { window_seconds: windowSeconds };
    for (const [i, [name, e]] of running.entries()) {
      const [ticks0 = 0, probes0 = 0] = start[i] ?? [];
      const cpuSeconds = (cpuTicks(e.child.pid ?? 0) - ticks0) / TICKS_PER_SECOND;
      report[name] = {
        cpu_seconds: cpuSeconds,
        cpu_percent: (100 * cpuSeconds) / windowSeconds,
        probes: (await probesRun(e)) - probes0,
        rss_mib: rssBytes(e.child.pid ?? 0) / 2 ** 20,
      };
    }
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await Promise.all(running.map(([, e]) => e.stop()));
  }
}

void main(Number(process.argv[2] ?? 120));
