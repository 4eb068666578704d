// Selection and policy: anchored case-insensitive patterns, policy names always in,
// every verdict reason, and the config schema of the policy section.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluatePolicy, policyRules, policySchema } from '../../src/collectors/services/policy';
import { DEFAULT_INCLUDE, isValidPattern, selector } from '../../src/collectors/services/selection';
import type { ServiceRecord } from '../../src/collectors/services/types';

const svc = (
  name: string,
  startMode: ServiceRecord['startMode'],
  state: ServiceRecord['state'],
): ServiceRecord => ({
  name,
  startMode,
  state,
  delayedStart: undefined,
  triggerStart: undefined,
});

describe('selection', () => {
  test('the default selects the time and network services of both platforms, anchored', () => {
    const wanted = selector({ include: DEFAULT_INCLUDE, exclude: '', all: false, always: [] });
    for (const name of [
      'W32Time',
      'w32time',
      'Dnscache',
      'chronyd',
      'systemd-timesyncd',
      'ntp',
      'NetworkManager',
    ]) {
      assert.ok(wanted(name), name);
    }
    for (const name of ['ntpdate', 'Spooler', 'xW32Time', 'cron', 'W32Time2']) assert.ok(!wanted(name), name);
  });

  test('exclude removes, all selects everything, policy names are always in', () => {
    const wanted = selector({
      include: 'ntp.*',
      exclude: 'ntpdate',
      all: false,
      always: ['Spooler', 'chronyd.service'],
    });
    assert.ok(wanted('ntpd'));
    assert.ok(!wanted('ntpdate'));
    assert.ok(wanted('spooler'), 'policy names compare case-insensitively');
    assert.ok(wanted('chronyd'), 'a policy may name a unit with its suffix');
    const all = selector({ include: 'nothing', exclude: 'cron', all: true, always: [] });
    assert.ok(all('anything') && !all('cron'));
  });

  test('invalid patterns are rejected', () => {
    assert.equal(isValidPattern('W32Time|('), false);
    assert.equal(isValidPattern('[z-a]'), false);
    assert.equal(isValidPattern('W32Time|ntp.*'), true);
  });
});

describe('policy', () => {
  const rules = policyRules(
    policySchema.parse({
      W32Time: 'auto',
      chronyd: { start_mode: 'auto', state: 'running' },
      Spooler: { start_mode: 'disabled' },
      ntp: 'disabled',
      Odd: 'manual',
      Gone: { start_mode: 'manual', state: 'stopped' },
    }),
  );
  const verdicts = evaluatePolicy(rules, [
    svc('w32time', 'auto', 'stopped'),
    svc('chronyd', 'manual', 'stopped'),
    svc('Spooler', 'manual', 'running'),
    svc('ntp', 'disabled', 'stopped'),
    svc('Odd', undefined, 'running'),
  ]);
  const byName = Object.fromEntries(verdicts.map((v) => [v.name, v]));

  test('every reason', () => {
    assert.deepEqual(byName['W32Time'], {
      name: 'W32Time',
      expected: 'auto',
      compliant: true,
      reason: 'compliant',
    });
    assert.deepEqual(byName['chronyd'], {
      name: 'chronyd',
      expected: 'auto,running',
      compliant: false,
      reason: 'start_mode_and_state',
    });
    assert.deepEqual(byName['Spooler'], {
      name: 'Spooler',
      expected: 'disabled',
      compliant: false,
      reason: 'start_mode',
    });
    assert.equal(byName['ntp']?.compliant, true);
    assert.equal(byName['Odd']?.reason, 'unknown_start_mode');
    assert.deepEqual(byName['Gone'], {
      name: 'Gone',
      expected: 'manual,stopped',
      compliant: false,
      reason: 'missing',
    });
  });

  test('a state-only mismatch', () => {
    const [v] = evaluatePolicy(policyRules({ chronyd: { start_mode: 'auto', state: 'running' } }), [
      svc('chronyd', 'auto', 'failed'),
    ]);
    assert.equal(v?.reason, 'state');
    assert.equal(v?.compliant, false);
  });

  test('the schema rejects unknown start modes, states and keys', () => {
    assert.equal(policySchema.safeParse({ W32Time: 'automatic' }).success, false);
    assert.equal(policySchema.safeParse({ W32Time: { start_mode: 'auto', state: 'up' } }).success, false);
    assert.equal(policySchema.safeParse({ W32Time: { start_mode: 'auto', delayed: true } }).success, false);
    assert.deepEqual(policySchema.parse(undefined), {});
  });
});
