// Sleep(1) against the 1 ms waitable-timer wait the sleep probe uses on Windows, side by
// side in one process: lateness and process CPU per sleep, in alternating rounds so that
// machine load falls on both alike. Run inside node.exe (Windows, or Wine):
//   node dist/bench/windows-sleep-kinds.js [rounds=50]   (under Wine: output to a file)
import { loadKoffi } from '../src/platform/koffi';
import { WaitableTimer } from '../src/platform/windows/waitable-timer';
import { latenessSummary } from '../src/collectors/timer/probe';

const SLEEPS_PER_ROUND = 20;

interface Kind {
  readonly name: string;
  readonly sleep: () => void;
  readonly lateness: number[];
  cpuMicros: number;
}

function round(kind: Kind): void {
  const cpu = process.cpuUsage();
  for (let i = 0; i < SLEEPS_PER_ROUND; i++) {
    const before = process.hrtime.bigint();
    kind.sleep();
    kind.lateness.push(Number(process.hrtime.bigint() - before - 1_000_000n) / 1e9);
  }
  const used = process.cpuUsage(cpu);
  kind.cpuMicros += used.user + used.system;
}

function main(): void {
  if (process.platform !== 'win32') throw new Error('runs inside node.exe (Windows or Wine)');
  const rounds = Number(process.argv[2] ?? 50);
  const sleep = loadKoffi().load('kernel32.dll').func('void __stdcall Sleep(uint32_t ms)');
  const timer = new WaitableTimer();
  const kinds: Kind[] = [
    { name: 'Sleep(1)', sleep: () => sleep(1), lateness: [], cpuMicros: 0 },
    { name: 'waitable timer 1 ms', sleep: () => void timer.wait(1, 1000), lateness: [], cpuMicros: 0 },
  ];
  for (let r = 0; r < rounds; r++) for (const kind of r % 2 ? [...kinds].reverse() : kinds) round(kind);
  timer.close();
  const us = (x: number | undefined) => ((x ?? NaN) * 1e6).toFixed(0);
  for (const kind of kinds) {
    const s = latenessSummary(kind.lateness.map((l) => Math.max(0, l)));
    process.stdout.write(
      `${kind.name}: ${s.samples} sleeps, CPU ${(kind.cpuMicros / s.samples).toFixed(0)} µs per sleep, lateness median ${us(s.median)} µs, p99 ${us(s.p99)} µs, max ${us(s.max)} µs\n`,
    );
  }
}

main();
