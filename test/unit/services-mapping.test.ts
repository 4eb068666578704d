// The services mapping tables, walked row by row: every SCM start type with every
// combination of the delayed and trigger flags (read, unread), every SCM state, every
// systemd unit-file state and active state.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  scmRecord,
  scmState,
  systemdRecord,
  systemdStartMode,
  systemdState,
  unitServiceName,
} from '../../src/collectors/services/mapping';
import { mergeSystemd } from '../../src/collectors/services/linux';

describe('SCM start types and flags', () => {
  const modes = ['boot', 'system', 'auto', 'manual', 'disabled'];
  for (const [startType, mode] of modes.entries()) {
    for (const delayedFlag of [true, false, undefined]) {
      for (const triggerCount of [0, 1, 3, undefined]) {
        test(`start type ${startType}, delayed ${delayedFlag}, triggers ${triggerCount}`, () => {
          const r = scmRecord({ name: 'Svc', currentState: 4, startType, delayedFlag, triggerCount });
          assert.equal(r.startMode, mode);
          // The SCM honours the delayed flag only for auto start; unread stays unknown.
          const delayed = delayedFlag === undefined ? undefined : mode === 'auto' && delayedFlag;
          assert.equal(r.delayedStart, delayed);
          assert.equal(r.triggerStart, triggerCount === undefined ? undefined : triggerCount > 0);
          assert.equal(r.state, 'running');
        });
      }
    }
  }

  test('an unknown start type and an unreadable configuration give no start mode', () => {
    assert.equal(
      scmRecord({ name: 'S', currentState: 1, startType: 5, delayedFlag: true, triggerCount: 0 }).startMode,
      undefined,
    );
    const unread = scmRecord({
      name: 'S',
      currentState: 1,
      startType: undefined,
      delayedFlag: true,
      triggerCount: 1,
    });
    assert.equal(unread.startMode, undefined);
    assert.equal(unread.delayedStart, undefined, 'delayed needs the start type');
    assert.equal(unread.triggerStart, true);
  });

  test('every SCM state, and unknown beyond them', () => {
    const expected = [
      'unknown',
      'stopped',
      'start_pending',
      'stop_pending',
      'running',
      'continue_pending',
      'pause_pending',
      'paused',
      'unknown',
    ];
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map(scmState), expected);
  });
});

describe('systemd unit-file states and active states', () => {
  const startModes: Record<string, string | undefined> = {
    enabled: 'auto',
    'enabled-runtime': 'auto',
    generated: 'auto',
    disabled: 'manual',
    static: 'manual',
    indirect: 'manual',
    linked: 'manual',
    'linked-runtime': 'manual',
    transient: 'manual',
    masked: 'disabled',
    'masked-runtime': 'disabled',
    alias: undefined,
    bad: undefined,
    '': undefined,
    'some-future-state': undefined,
    toString: undefined,
  };
  for (const [state, mode] of Object.entries(startModes)) {
    test(`UnitFileState "${state}" -> ${mode ?? 'absent'}`, () =>
      assert.equal(systemdStartMode(state), mode));
  }

  const states: Record<string, string> = {
    active: 'running',
    reloading: 'running',
    refreshing: 'running',
    inactive: 'stopped',
    maintenance: 'stopped',
    activating: 'start_pending',
    deactivating: 'stop_pending',
    failed: 'failed',
    'some-future-state': 'unknown',
    constructor: 'unknown',
  };
  for (const [active, state] of Object.entries(states)) {
    test(`ActiveState "${active}" -> ${state}`, () => assert.equal(systemdState(active), state));
  }

  test('unit names lose ".service"; a unit file that is not loaded is stopped', () => {
    assert.equal(unitServiceName('chronyd.service'), 'chronyd');
    assert.equal(unitServiceName('getty@tty1.service'), 'getty@tty1');
    assert.equal(unitServiceName('W32Time'), 'W32Time');
    const r = systemdRecord({ unit: 'ntp.service', unitFileState: 'masked', activeState: undefined });
    assert.deepEqual(r, {
      name: 'ntp',
      startMode: 'disabled',
      state: 'stopped',
      delayedStart: undefined,
      triggerStart: undefined,
    });
  });

  test('merging ListUnitFiles and ListUnits: templates and not-found units are dropped', () => {
    const files = new Map([
      ['chronyd.service', 'enabled'],
      ['getty@.service', 'enabled'],
      ['ntp.service', 'masked'],
    ]);
    const merged = mergeSystemd(files, [
      { unit: 'chronyd.service', loadState: 'loaded', activeState: 'active' },
      { unit: 'getty@tty1.service', loadState: 'loaded', activeState: 'active' },
      { unit: 'ghost.service', loadState: 'not-found', activeState: 'inactive' },
    ]);
    const byUnit = Object.fromEntries(merged.map((m) => [m.unit, m]));
    assert.deepEqual(Object.keys(byUnit).sort(), ['chronyd.service', 'getty@tty1.service', 'ntp.service']);
    assert.deepEqual(byUnit['chronyd.service'], {
      unit: 'chronyd.service',
      unitFileState: 'enabled',
      activeState: 'active',
    });
    assert.deepEqual(byUnit['ntp.service'], {
      unit: 'ntp.service',
      unitFileState: 'masked',
      activeState: undefined,
    });
    assert.equal(byUnit['getty@tty1.service']?.unitFileState, undefined);
  });
});
