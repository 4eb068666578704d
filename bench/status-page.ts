// What the status page costs, in process, on the exporter's real registries and runner
// (default collectors of this OS): one recorder tick, rendering `/` (tables after a
// collector update) against rendering /metrics, and the size of a full history as JSON.
// Prints a Markdown table for docs/benchmarks.md.
//
// Usage: node dist/bench/status-page.js [ticks (default 2000)] [renders (default 300)]
import request from 'supertest';
import { loadConfig } from '../src/config/load';
import { createLogger } from '../src/log';
import { createRegistries, startRunner } from '../src/serve';
import { createApp } from '../src/server/app';
import { CAPACITY, MAX_SERIES } from '../src/server/status/history';
import { HistoryRecorder } from '../src/server/status/recorder';
import { describeMachine } from './tools';

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? NaN;

async function timed(n: number, run: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(ticks: number, renders: number): Promise<void> {
  const platform = process.platform === 'win32' ? 'windows' : 'linux';
  const { config } = loadConfig(
    ['--collector.listen.interval=1s', '--collector.timer.probe-interval=1s'],
    platform,
  );
  const registries = createRegistries();
  const runner = startRunner(config, platform, createLogger('error', 'json'), registries);
  const history = new HistoryRecorder(registries.prometheus);
  const info = { version: 'bench', platform, arch: process.arch, nodeVersion: process.version } as const;
  const app = createApp({ telemetryPath: '/metrics', registries, runner, info, history });
  await runner.update();
  await new Promise((r) => setTimeout(r, 3000)); // a few probes, so histograms have series
  const tick = await timed(ticks, () => history.tick());
  const page = await timed(renders, () => request(app).get('/').expect(200));
  const metrics = await timed(renders, () => request(app).get('/metrics').expect(200));
  const json = JSON.stringify(history.toJSON());
  const series = history.toJSON().series.length;
  await runner.stop();
  const ms = (xs: number[]) => `${quantile(xs, 0.5).toFixed(3)} / ${quantile(xs, 0.99).toFixed(3)}`;
  const m = describeMachine();
  process.stdout.write(
    [
      `${m.date}, ${m.cpuModel} (${m.nproc} CPUs, load ${m.loadAverage}), Node ${m.node}, ${platform}`,
      '',
      '| what | median / p99 (ms) or size |',
      '|---|---|',
      `| recorder tick (${series} series), ${ticks} ticks | ${ms(tick)} |`,
      `| GET / (collector update, tables, HTML), ${renders} requests | ${ms(page)} |`,
      `| GET /metrics, same app, ${renders} requests | ${ms(metrics)} |`,
      `| /status/history.json after ${ticks} ticks (ring full: ${CAPACITY} rows) | ${(json.length / 1024).toFixed(1)} KiB |`,
      `| ring buffer, allocated at start | ${((CAPACITY * (MAX_SERIES + 1) * 8) / 1024).toFixed(1)} KiB |`,
      '',
    ].join('\n'),
  );
}

main(Number(process.argv[2] ?? 2000), Number(process.argv[3] ?? 300)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
