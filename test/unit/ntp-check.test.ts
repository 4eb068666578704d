// check's NTP verdict (pure): per-server lines, the median over the servers that
// answered less the largest error bound, and the same bounds as the alert rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateNtp, median, SKEW_PAGE_SECONDS } from '../../src/check/ntp';
import { OFFSET_LIMIT_SECONDS } from '../../src/check/timesync';
import type { NtpSample, RoundResult } from '../../src/collectors/ntp/types';
import { loadRules } from '../../src/tools/alerts-doc';

const state = {
  stratum: 2,
  leap: 0,
  rootDelaySeconds: 0.01,
  rootDispersionSeconds: 0.001,
  referenceId: '192.0.2.1',
};

function answered(label: string, offsetSeconds: number, errorBoundSeconds = 0.0005): RoundResult {
  const best: NtpSample = {
    offsetSeconds,
    delaySeconds: errorBoundSeconds * 2,
    errorBoundSeconds,
    server: state,
  };
  return {
    server: { host: label, port: 123, label: `${label}:123` },
    address: '192.0.2.10',
    requests: 4,
    best,
    failures: [],
  };
}

function silent(label: string): RoundResult {
  const failure = {
    ok: false as const,
    reason: 'timeout' as const,
    detail: 'no reply within the reply timeout',
  };
  return {
    server: { host: label, port: 123, label: `${label}:123` },
    address: '192.0.2.11',
    requests: 4,
    best: undefined,
    failures: [failure, failure, failure, failure],
  };
}

test('median: the middle value, or the mean of the middle two', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([0.004, 0.001, 5, 0.002]), 0.003);
  assert.equal(median([-1]), -1);
});

test('one server on time: ok lines, exit-0 verdict', () => {
  const findings = evaluateNtp([answered('a.example', 0.0012)]);
  assert.deepEqual(
    findings.map((f) => f.status),
    ['ok', 'ok'],
  );
  assert.equal(
    findings[0]?.text,
    'a.example:123 (192.0.2.10): offset +1.2 ms ± 500 µs, delay 1 ms, stratum 2, reference 192.0.2.1',
  );
  assert.equal(findings[1]?.text, 'wall clock offset +1.2 ms ± 500 µs (median of 1 server): within 50 ms');
});

test('one wrong server among three does not need attention; a silent one is information', () => {
  const findings = evaluateNtp([answered('a', 0.001), answered('b', 0.002), answered('c', 4), silent('d')]);
  assert.deepEqual(
    findings.map((f) => f.status),
    ['ok', 'ok', 'ok', 'info', 'ok'],
  );
  assert.equal(
    findings[3]?.text,
    'd:123 (192.0.2.11): no usable reply of 4 (no reply within the reply timeout)',
  );
  assert.match(findings[4]?.text ?? '', /^wall clock offset \+2 ms .*\(median of 3 servers\)/);
});

test('the error bound is subtracted before the limits; beyond them: the runbooks of the alerts', () => {
  assert.equal(evaluateNtp([answered('a', 0.3, 0.26)])[1]?.status, 'ok', 'within doubt');
  const ticket = evaluateNtp([answered('a', -0.3)])[1];
  assert.deepEqual(
    [ticket?.status, ticket?.see],
    ['attention', 'docs/runbooks/HostwatchClockSkewDetected.md'],
  );
  const page = evaluateNtp([answered('a', 2)])[1];
  assert.deepEqual([page?.status, page?.see], ['attention', 'docs/runbooks/HostwatchClockSkewCritical.md']);
  const none = evaluateNtp([silent('a')]);
  assert.deepEqual(
    none.map((f) => [f.status, f.see]),
    [
      ['info', undefined],
      ['attention', 'docs/runbooks/HostwatchNtpServersUnreachable.md'],
    ],
  );
});

test("check's limits are the alert rules' thresholds on the measured offset", () => {
  const rule = (name: string) => loadRules().find((r) => r.alert === name)?.expr ?? '';
  assert.match(
    rule('HostwatchClockSkewCritical'),
    new RegExp(`beyond_error_bound:seconds > ${SKEW_PAGE_SECONDS}\\n`),
  );
  assert.match(
    rule('HostwatchClockSkewDetected'),
    new RegExp(`beyond_error_bound:seconds > ${OFFSET_LIMIT_SECONDS}\\n`),
  );
});
