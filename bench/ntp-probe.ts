// The NTP probe's measurement quality on loopback: round-trip delay, error bound and
// |offset| of the sample each round keeps, against chronyd serving this machine's own
// clock (so the true offset is 0). Linux in this process, then the Windows build in
// node.exe under Wine against the same chronyd, side by side in one run:
//   npm run build && node dist/bench/ntp-probe.js [rounds, default 200]
// Inside node.exe it is run as `ntp-probe.js ROUNDS HOST:PORT OUTFILE` by the Linux side.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ntpBackend } from '../src/collectors/ntp';
import { parseServer } from '../src/collectors/ntp/config';
import { probeRound } from '../src/collectors/ntp/round';
import { currentPlatform } from '../src/platform';
import { startChrony } from '../test/support/chrony';
import * as wine from '../test/support/wine';
import { percentile, sortedCopy } from './stats-lite';

interface Summary {
  platform: string;
  rounds: number;
  usable: number;
  delay: number[];
  bound: number[];
  offset: number[];
}

async function measure(server: string, rounds: number): Promise<Summary> {
  const platform = currentPlatform() ?? 'linux';
  const target = parseServer(server);
  if (!target) throw new Error(`bad server ${server}`);
  const io = ntpBackend(platform);
  const settings = { samples: 4, spacingSeconds: 0.01, replyTimeoutSeconds: 1 };
  const signal = new AbortController().signal;
  const kept = { delay: [] as number[], bound: [] as number[], offset: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    const best = (await probeRound(target, settings, io, signal)).best;
    if (!best) continue;
    kept.delay.push(best.delaySeconds);
    kept.bound.push(best.errorBoundSeconds);
    kept.offset.push(Math.abs(best.offsetSeconds));
  }
  return { platform, rounds, usable: kept.delay.length, ...kept };
}

function row(s: Summary): string {
  const us = (values: number[], p: number) => (percentile(sortedCopy(values), p) * 1e6).toFixed(0);
  const cells = (values: number[]) => `${us(values, 50)} / ${us(values, 99)}`;
  const within = s.offset.filter((o, i) => o <= (s.bound[i] ?? 0) + 1e-6).length;
  return `| ${s.platform} | ${s.usable}/${s.rounds} | ${cells(s.delay)} | ${cells(s.bound)} | ${cells(s.offset)} | ${within}/${s.usable} |`;
}

async function underWine(server: string, rounds: number): Promise<Summary | string> {
  let runtime;
  try {
    runtime = wine.prepareWindowsRuntime();
  } catch (error) {
    return `Windows build not run: ${(error as Error).message.split('\n')[0]}`;
  }
  const prefix = wine.clonePrefix();
  const out = join(prefix, 'ntp-probe.json');
  try {
    const script = join(__dirname, 'ntp-probe.js');
    const child = spawn('wine', [runtime.nodeExe, script, String(rounds), server, out], {
      env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' },
      stdio: 'ignore',
    });
    await new Promise((resolve) => child.once('exit', resolve));
    return JSON.parse(readFileSync(out, 'utf8')) as Summary;
  } finally {
    wine.removePrefix(prefix);
  }
}

async function main(): Promise<void> {
  const [roundsArg, server, outFile] = process.argv.slice(2);
  const rounds = Number(roundsArg ?? 200);
  if (server && outFile) return writeFileSync(outFile, JSON.stringify(await measure(server, rounds)));
  const chrony = await startChrony({ local: true });
  try {
    const linux = await measure(chrony.label, rounds);
    const windows = await underWine(chrony.label, rounds);
    process.stdout.write(
      [
        `${new Date().toISOString()}: ${rounds} rounds of 4 samples against chronyd (local stratum 8) on 127.0.0.1`,
        '',
        '| probe | usable rounds | delay µs (median / p99) | error bound µs | \\|offset\\| µs | \\|offset\\| <= bound |',
        '|---|---|---|---|---|---|',
        row(linux),
        typeof windows === 'string'
          ? `| windows | ${windows} | | | | |`
          : row({ ...windows, platform: 'windows (node.exe under Wine)' }),
        '',
      ].join('\n'),
    );
  } finally {
    await chrony.stop();
  }
}

void main();
