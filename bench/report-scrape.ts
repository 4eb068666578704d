// The scrape, levers and pace sections of the report: wrk runs side by side, means per
// target and header profile, and the issue 11 targets.
import type { Results } from './report';
import { f, mean, SHIPPED, verdict } from './report-format';
import type { Profile, WrkRun } from './scrape';

const NODE_EXPORTER = 'node_exporter';

interface Means {
  readonly rps: number;
  readonly p99: number;
  readonly cpu: number;
  readonly bytes: number;
}

function means(runs: readonly WrkRun[], target: string, profile: Profile): Means | undefined {
  const of = runs.filter((r) => r.target === target && r.profile === profile);
  if (of.length === 0) return undefined;
  return {
    rps: mean(of.map((r) => r.requestsPerSecond)),
    p99: mean(of.map((r) => r.p99Ms)),
    cpu: mean(of.map((r) => r.cpuMsPerRequest)),
    bytes: mean(of.map((r) => r.bytesPerResponse)),
  };
}

function rawTable(runs: readonly WrkRun[]): string[] {
  return [
    '| target | headers | round | requests/s | p50 ms | p99 ms | server CPU ms/request | bytes/response | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (r) =>
        `| ${r.target} | ${r.profile} | ${r.round} | ${f(r.requestsPerSecond)} | ${f(r.p50Ms, 2)} | ` +
        `${f(r.p99Ms, 2)} | ${f(r.cpuMsPerRequest, 3)} | ${f(r.bytesPerResponse, 0)} | ${r.errors} |`,
    ),
  ];
}

function meansTable(runs: readonly WrkRun[], versus: Means | undefined): string[] {
  const keys = [...new Set(runs.map((r) => `${r.target}\t${r.profile}`))];
  return [
    '| target | headers | requests/s | p99 ms | server CPU ms/request | bytes/response | requests/s vs node_exporter |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...keys.map((key) => {
      const [target = '', profile = 'plain'] = key.split('\t') as [string, Profile];
      const m = means(runs, target, profile) as Means;
      const ratio = versus ? `${f(m.rps / versus.rps, 2)}x` : '-';
      return `| ${target} | ${profile} | ${f(m.rps)} | ${f(m.p99, 2)} | ${f(m.cpu, 3)} | ${f(m.bytes, 0)} | ${ratio} |`;
    }),
  ];
}

function verdicts(runs: readonly WrkRun[], profile: Profile): string[] {
  const hw = means(runs, SHIPPED, profile);
  const ne = means(runs, NODE_EXPORTER, profile);
  if (!hw || !ne) return [];
  return [
    `With ${profile} headers: >= 2x node_exporter's requests/s ${verdict(hw.rps >= 2 * ne.rps)} ` +
      `(${f(hw.rps / ne.rps, 2)}x); p99 no worse ${verdict(hw.p99 <= ne.p99)} ` +
      `(${f(hw.p99, 2)} vs ${f(ne.p99, 2)} ms); CPU per scrape <= node_exporter's ` +
      `${verdict(hw.cpu <= ne.cpu)} (${f(hw.cpu, 3)} vs ${f(ne.cpu, 3)} ms); ` +
      `${f(hw.bytes, 0)} vs ${f(ne.bytes, 0)} bytes per response.`,
  ];
}

function pace(runs: readonly WrkRun[]): string[] {
  const ne = means(runs, NODE_EXPORTER, 'prometheus');
  const whole = means(runs, 'exporter no-cache', 'prometheus');
  const out = meansTable(runs, ne);
  if (ne && whole) {
    out.push(
      '',
      `CPU per scrape when every scrape is a whole update (no-cache) <= node_exporter's: ` +
        `${verdict(whole.cpu <= ne.cpu)} (${f(whole.cpu, 3)} vs ${f(ne.cpu, 3)} ms).`,
    );
  }
  return out;
}

export function scrapeTables(r: Results): string[] {
  const out: string[] = [];
  const neScrape = r.scrape ? means(r.scrape, NODE_EXPORTER, 'prometheus') : undefined;
  if (r.scrape) {
    out.push('## Scrape', '', ...rawTable(r.scrape), '', 'Means over rounds:', '');
    out.push(...meansTable(r.scrape, neScrape), '');
    out.push(...verdicts(r.scrape, 'prometheus'), '', ...verdicts(r.scrape, 'plain'), '');
  }
  if (r.levers) {
    out.push('### What each change buys (10 connections, Prometheus headers)', '');
    out.push(...meansTable(r.levers, neScrape), '');
  }
  if (r.pace) out.push('### One connection: every scrape a whole update', '', ...pace(r.pace), '');
  return out;
}
