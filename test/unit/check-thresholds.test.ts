// The bounds `check` judges a host by are the alert rules' own: a check that says "ok"
// while the matching alert would fire, or the reverse, is a bug. The numbers are read
// from alerts/hostwatch.rules.yml, so changing one side alone fails here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_SLEW_RATIO } from '../../src/collectors/clock/sampler';
import { LATENESS_LIMIT_SECONDS } from '../../src/check/timer';
import { OFFSET_LIMIT_SECONDS } from '../../src/check/timesync';
import { loadRules } from '../../src/tools/alerts-doc';

function alertExpr(alert: string): string {
  const rule = loadRules().find((r) => r.alert === alert);
  assert.ok(rule, `no alert ${alert} in the rules`);
  return rule.expr;
}

/** Every number the series (a PromQL fragment, regex-escaped) is compared with by `op`. */
function comparedWith(expr: string, series: string, op: '>' | '<'): number[] {
  const pattern = new RegExp(`(?<![\\w:])${series}\\s*${op}\\s*(-?[\\d.]+(?:e-?\\d+)?)`, 'g');
  return [...expr.matchAll(pattern)].map((m) => Number(m[1]));
}

test('sleep lateness: the check limit is the HostwatchSleepLatenessHigh threshold', () => {
  const expr = alertExpr('HostwatchSleepLatenessHigh');
  const p99 = 'instance:hostwatch_timer_sleep_overshoot_seconds:p99_rate5m';
  assert.deepEqual(comparedWith(expr, p99, '>'), [LATENESS_LIMIT_SECONDS]);
});

test('time offset: the check limit is the HostwatchClockSkewDetected threshold, both signs', () => {
  const expr = alertExpr('HostwatchClockSkewDetected');
  assert.deepEqual(comparedWith(expr, 'hostwatch_timesync_offset_seconds', '>'), [OFFSET_LIMIT_SECONDS]);
  assert.deepEqual(comparedWith(expr, 'hostwatch_timesync_offset_seconds', '<'), [-OFFSET_LIMIT_SECONDS]);
  assert.deepEqual(comparedWith(expr, 'hostwatch_timesync_absolute_offset_seconds', '>'), [
    OFFSET_LIMIT_SECONDS,
  ]);
});

test('drift: the check bound is the HostwatchClockDriftHigh threshold', () => {
  const expr = alertExpr('HostwatchClockDriftHigh');
  assert.deepEqual(comparedWith(expr, 'abs\\(hostwatch_clock_drift_ratio\\)', '>'), [MAX_SLEW_RATIO]);
});
