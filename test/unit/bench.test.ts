// The pure parts of bench/: wrk's output, /proc memory fields, the header profile (what
// Prometheus sends must get OpenMetrics and gzip from the exporter), and the report's
// verdicts. The bench itself is not part of npm test; these keep it from rotting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStatusMemory } from '../../bench/procs';
import { renderReport, type Results } from '../../bench/report';
import { HEADER_PROFILES, parseWrk, toBytes, toMs, type WrkRun } from '../../bench/scrape';
import { chooseEncoding, chooseFormat } from '../../src/server/negotiate';

const WRK = `Running 15s test @ http://127.0.0.1:40000/metrics
  2 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.41ms    3.05ms  61.34ms   93.21%
    Req/Sec     2.61k   412.03     3.40k    71.00%
  Latency Distribution
     50%    1.71ms
     75%    2.43ms
     90%    4.10ms
     99%   15.20ms
  78123 requests in 15.02s, 646.25MB read
  Non-2xx or 3xx responses: 2
Requests/sec:   5201.27
Transfer/sec:     43.03MB
`;

test('wrk output: rate, latencies, errors and bytes per response', () => {
  const r = parseWrk(WRK);
  assert.equal(r.requestsPerSecond, 5201.27);
  assert.equal(r.p50Ms, 1.71);
  assert.equal(r.p99Ms, 15.2);
  assert.equal(r.requests, 78123);
  assert.equal(r.errors, 2);
  assert.equal(Math.round(r.bytesPerResponse), Math.round((646.25 * 1024 ** 2) / 78123));
  assert.equal(toMs('812.00us'), 0.812);
  assert.equal(toMs('1.02s'), 1020);
  assert.equal(toBytes('512.00B'), 512);
  assert.equal(toBytes('2.00KB'), 2048);
  assert.throws(() => toBytes('2 KB'), /unparsable/);
});

test('/proc/<pid>/status memory fields, in MB of 10^6 bytes', () => {
  const status =
    'Name:\tnode\nVmRSS:\t   80000 kB\nRssAnon:\t   30000 kB\nRssFile:\t   50000 kB\nRssShmem:\t0 kB\n';
  assert.deepEqual(parseStatusMemory(status), { rssMB: 81.92, anonMB: 30.72, fileMB: 51.2 });
});

test("the bench's Prometheus headers get OpenMetrics and gzip; plain gets text and identity", () => {
  const header = (profile: keyof typeof HEADER_PROFILES, name: string) =>
    HEADER_PROFILES[profile].find((h) => h.startsWith(`${name}: `))?.slice(name.length + 2);
  assert.equal(chooseFormat(header('prometheus', 'Accept')), 'openmetrics');
  assert.equal(chooseEncoding(header('prometheus', 'Accept-Encoding')), 'gzip');
  assert.equal(chooseFormat(header('plain', 'Accept')), 'prometheus');
  assert.equal(chooseEncoding(header('plain', 'Accept-Encoding')), 'identity');
});

test('the report says which targets a run met', () => {
  const run = (target: string, rps: number, cpu: number): WrkRun => ({
    target,
    profile: 'prometheus',
    connections: 10,
    round: 1,
    requestsPerSecond: rps,
    p50Ms: 1,
    p99Ms: 5,
    requests: rps * 15,
    errors: 0,
    bytesPerResponse: 9000,
    cpuMsPerRequest: cpu,
  });
  const results: Results = {
    machine: {
      date: '2026-12-02T00:00:00Z',
      nproc: 2,
      cpuModel: 'test',
      kernel: '6',
      node: 'v20',
      clocksource: 'tsc',
      loadAverage: '1 1 1',
      nodeOptions: undefined,
    },
    settings: {},
    phases: ['scrape'],
    scrape: [run('hostwatch-exporter', 3000, 0.2), run('node_exporter', 1000, 0.6)],
  };
  const report = renderReport(results);
  assert.match(report, />= 2x node_exporter's requests\/s \*\*met\*\* \(3\.00x\)/);
  assert.match(report, /CPU per scrape <= node_exporter's \*\*met\*\* \(0\.200 vs 0\.600 ms\)/);
  results.scrape = [run('hostwatch-exporter', 1500, 0.9), run('node_exporter', 1000, 0.6)];
  assert.match(renderReport(results), /requests\/s \*\*NOT met\*\* \(1\.50x\)/);
});
