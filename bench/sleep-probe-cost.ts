// What the sleep probe costs the exporter: resident memory of its worker thread, and CPU
// time per 1 ms OS sleep (the whole process's CPU time, worker included, over rounds of
// the default 10 sleeps). Run after `npm run build`:
//   node dist/bench/sleep-probe-cost.js [rounds]
// Under Wine: wine node.exe dist/bench/sleep-probe-cost.js (output to a file).
import { currentPlatform } from '../src/platform';
import { latenessSummary, SleepProbe } from '../src/collectors/timer/probe';

async function main(): Promise<void> {
  const platform = currentPlatform();
  if (!platform) throw new Error(`unsupported platform ${process.platform}`);
  const rounds = Number(process.argv[2] ?? 100);
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const probe = new SleepProbe(platform);
  await probe.round(1); // start the worker
  const rssWorker = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const lateness: number[] = [];
  for (let i = 0; i < rounds; i++) lateness.push(...(await probe.round(10)).lateness);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  await probe.stop();
  const sleeps = rounds * 10;
  const s = latenessSummary(lateness);
  const us = (x: number | undefined) => ((x ?? NaN) * 1e6).toFixed(0);
  process.stdout.write(
    [
      `platform ${platform} node ${process.version}`,
      `worker resident memory: +${((rssWorker - rssBefore) / 2 ** 20).toFixed(1)} MiB`,
      `${sleeps} sleeps in ${wallSeconds.toFixed(2)} s wall`,
      `CPU per sleep: ${(((cpu.user + cpu.system) / sleeps) | 0).toString()} µs (user ${cpu.user} µs, system ${cpu.system} µs in total)`,
      `lateness: median ${us(s.median)} µs, p99 ${us(s.p99)} µs, max ${us(s.max)} µs`,
      '',
    ].join('\n'),
  );
}

void main();
