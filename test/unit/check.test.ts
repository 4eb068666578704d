// The pure half of `check`: findings from measurements, the page and the exit status.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { evaluateClock, type ClockMeasurement } from '../../src/check/clock';
import {
  exitStatus,
  formatPpm,
  formatSeconds,
  renderReport,
  type SectionReport,
} from '../../src/check/findings';
import { SEE } from '../../src/check/runbooks';
import { evaluateServices } from '../../src/check/services';
import { evaluateLateness, evaluateResolution } from '../../src/check/timer';
import { evaluateTimesync } from '../../src/check/timesync';
import { evaluateTopology } from '../../src/check/topology';
import type { PolicyVerdict } from '../../src/collectors/services/types';
import type { Topology } from '../../src/collectors/topology/types';

const clock: ClockMeasurement = {
  narrowestSeconds: 1.5e-6,
  elapsedSeconds: 3,
  driftRatio: 2e-7,
  steps: [],
  resolutions: { wall: 1e-9, wall_coarse: 0.004, monotonic: 1e-9 },
  clocksource: 'tsc',
};

const statuses = (findings: readonly { status: string }[]) => findings.map((f) => f.status);

describe('clock findings', () => {
  test('a quiet clock is all ok', () => {
    assert.deepEqual(statuses(evaluateClock(clock)), ['ok', 'ok', 'info']);
  });
  test('drift beyond 500 ppm needs attention, with its runbook', () => {
    const drift = evaluateClock({ ...clock, driftRatio: -0.01 }).find((f) => f.status === 'attention');
    assert.match(drift?.text ?? '', /drift -10000 ppm/);
    assert.equal(drift?.see, 'docs/runbooks/HostwatchClockDriftHigh.md');
  });
  test('a step is one attention line per step; drift is then not blamed', () => {
    const f = evaluateClock({ ...clock, driftRatio: 0.33, steps: [1.0] });
    assert.deepEqual(
      f.filter((x) => x.status === 'attention').map((x) => x.see),
      ['docs/runbooks/HostwatchClockSteppedForward.md'],
    );
    assert.match(f[1]?.text ?? '', /stepped forward by 1 s/);
  });
  test('a bracket wider than 1 ms needs attention', () => {
    assert.equal(evaluateClock({ ...clock, narrowestSeconds: 0.004 })[0]?.status, 'attention');
  });
});

describe('timer findings', () => {
  const linux = { current: 1e-9, finest: undefined, coarsest: undefined, coarseClock: 0.004, slack: 50e-6 };
  test('Linux defaults are ok', () => {
    assert.deepEqual(statuses(evaluateResolution(linux, false)), ['ok', 'ok']);
  });
  test('a 100 ms timer slack needs attention', () => {
    const f = evaluateResolution({ ...linux, slack: 0.1 }, false);
    assert.equal(f[1]?.status, 'attention');
    assert.match(f[1]?.text ?? '', /timer slack 100 ms/);
  });
  test('hrtimers off (resolution = tick) needs attention', () => {
    assert.equal(evaluateResolution({ ...linux, current: 0.004 }, false)[0]?.status, 'attention');
  });
  test('Windows: says when a process has raised the resolution', () => {
    const win = {
      current: 0.001,
      finest: 0.0005,
      coarsest: 0.015625,
      coarseClock: 0.015625,
      slack: undefined,
    };
    const [f] = evaluateResolution(win, true);
    assert.match(
      f?.text ?? '',
      /timer resolution 1 ms \(finest 500 µs, default 15\.625 ms\): a process has raised it/,
    );
    assert.doesNotMatch(evaluateResolution({ ...win, current: 0.015625 }, true)[0]?.text ?? '', /raised/);
  });
  test('lateness: a default Windows tick (14.6 ms late) is ok, 60 ms is not', () => {
    assert.equal(evaluateLateness(Array(50).fill(0.0146)).status, 'ok');
    const late = evaluateLateness([...Array(48).fill(0.0146), 0.06, 0.06]);
    assert.equal(late.status, 'attention');
    assert.equal(late.see, 'docs/runbooks/HostwatchSleepLatenessHigh.md');
    assert.equal(evaluateLateness([]).status, 'attention');
  });
});

describe('topology findings', () => {
  const twoGroups: Topology = {
    activeGroups: 2,
    maximumGroups: 2,
    groups: [
      { group: 0, active: 64, maximum: 64 },
      { group: 1, active: 16, maximum: 64 },
    ],
    numa: [
      { node: 0, group: 0, logicalProcessors: 40 },
      { node: 1, group: 0, logicalProcessors: 24 },
      { node: 1, group: 1, logicalProcessors: 16 },
    ],
    packages: 2,
    cores: 40,
    logicalProcessors: 80,
    groupsAllowed: 1,
    groupsAllowedMethod: 'os_rule',
    processAffinity: 64,
  };
  test('one group allowed of two needs attention and says what runtimes see', () => {
    const f = evaluateTopology(twoGroups);
    assert.match(
      f[0]?.text ?? '',
      /80 logical processors, 40 cores, 2 packages, 2 NUMA nodes; 2 processor groups \(64 \+ 16\)/,
    );
    assert.equal(f[1]?.status, 'attention');
    assert.match(f[1]?.text ?? '', /may use 1 of 2 groups .*see 64 of 80 logical processors/);
    assert.equal(f[1]?.see, 'docs/collectors/topology.md#groups-a-default-new-process-may-use');
    assert.ok(f.some((x) => /spans processor groups/.test(x.text)));
  });
  test('all groups allowed (Windows Server 2022) is ok', () => {
    const f = evaluateTopology({
      ...twoGroups,
      groupsAllowed: 2,
      groupsAllowedMethod: 'measured',
      processAffinity: 80,
    });
    assert.deepEqual(statuses(f), ['info', 'ok', 'info']);
  });
});

describe('the page and the exit status', () => {
  const ok: SectionReport = { title: 'clock', findings: [{ status: 'ok', text: 'fine' }] };
  const bad: SectionReport = {
    title: 'timers',
    findings: [{ status: 'attention', text: 'late', see: 'docs/runbooks/HostwatchSleepLatenessHigh.md' }],
  };
  test('exit 0 when all is well, 1 with any attention finding', () => {
    assert.equal(exitStatus([ok]), 0);
    assert.equal(exitStatus([ok, bad]), 1);
  });
  test('an attention line points to its runbook', () => {
    const page = renderReport('header', [ok, bad]);
    assert.match(page, /^ {2}ATTENTION {2}late {2}-> docs\/runbooks\/HostwatchSleepLatenessHigh\.md$/m);
    assert.match(page, /^result: 1 finding needs attention \(exit 1\)$/m);
    assert.match(renderReport('h', [ok]), /^result: all is well \(exit 0\)$/m);
  });
  test('numbers as people read them', () => {
    assert.equal(formatSeconds(1e-9), '1 ns');
    assert.equal(formatSeconds(1.49e-6), '1.49 µs');
    assert.equal(formatSeconds(0.015625), '15.625 ms');
    assert.equal(formatSeconds(3.0114), '3.0114 s');
    assert.equal(formatPpm(2.1e-6), '+2.1 ppm');
  });
});

describe('time sync findings', () => {
  const kernel = (status: number) => ({
    linuxKernel: { clockState: 0, status },
    offsetSeconds: 0.0002,
    maxErrorSeconds: 0.01,
    inputs: { adjtimex: true },
  });
  test('synchronized is ok and says what it knows', () => {
    const [f] = evaluateTimesync(kernel(0), true, []);
    assert.deepEqual(f, { status: 'ok', text: 'synchronized (offset 200 µs, max error 10 ms)' });
  });
  test('not synchronized needs attention, with the reason and its runbook', () => {
    const [f] = evaluateTimesync(kernel(0x40), false, []);
    assert.equal(f?.status, 'attention');
    assert.match(f?.text ?? '', /STA_UNSYNC/);
    assert.equal(f?.see, 'docs/runbooks/HostwatchClockNotSynchronising.md');
  });
  test('an offset beyond 50 ms needs attention even when synchronized', () => {
    const f = evaluateTimesync({ ...kernel(0), offsetSeconds: -0.08 }, true, []);
    assert.deepEqual(statuses(f), ['ok', 'attention']);
    assert.equal(f[1]?.see, 'docs/runbooks/HostwatchClockSkewDetected.md');
  });
  test('unknown is information, not a failure; missing inputs are named', () => {
    const running = {
      windowsService: { serviceRunning: true, type: 'NTP' },
      inputs: { service: true, pdh: false },
    };
    const f = evaluateTimesync(running, undefined, ['pdh']);
    assert.deepEqual(statuses(f), ['info', 'info']);
    assert.match(f[0]?.text ?? '', /answered \(service\) cannot tell/);
    assert.match(f[1]?.text ?? '', /unavailable on this host: pdh/);
  });
  test('Windows Time not running', () => {
    const f = evaluateTimesync(
      { windowsService: { serviceRunning: false, type: undefined }, inputs: {} },
      false,
      [],
    );
    assert.match(f[0]?.text ?? '', /Windows Time service is not running/);
  });
});

test('every collector page a finding points to exists and has the heading it names', () => {
  const root = join(__dirname, '..', '..', '..');
  for (const see of Object.values(SEE).filter((p) => p.startsWith('docs/collectors/'))) {
    const [path, anchor] = see.split('#');
    const headings = readFileSync(join(root, path ?? ''), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('#'))
      .map((l) =>
        l
          .replace(/^#+\s*/, '')
          .toLowerCase()
          .replace(/[^\w\s-]/g, '')
          .replace(/\s+/g, '-'),
      );
    assert.ok(headings.includes(anchor ?? ''), `${see}: no heading "${anchor}"`);
  }
});

describe('service policy findings', () => {
  const verdict = (name: string, reason: PolicyVerdict['reason']): PolicyVerdict => ({
    name,
    expected: 'auto',
    compliant: reason === 'compliant',
    reason,
  });
  test('compliant services are one ok line; every other one is an attention line', () => {
    const f = evaluateServices([
      verdict('W32Time', 'compliant'),
      verdict('Dnscache', 'start_mode'),
      verdict('chronyd', 'missing'),
    ]);
    assert.deepEqual(statuses(f), ['ok', 'attention', 'attention']);
    assert.equal(f[0]?.text, '1 of 3 services comply with the policy (W32Time)');
    assert.equal(f[2]?.text, 'service chronyd should be auto: it does not exist on this host');
    assert.equal(f[1]?.see, 'docs/runbooks/HostwatchServicePolicyViolation.md');
  });
});
