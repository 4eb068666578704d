import assert from 'node:assert/strict';
import { test } from 'node:test';
import { synchronized } from '../../src/collectors/timesync/verdict';
import type { TimesyncReading } from '../../src/collectors/timesync/types';

const settings = { maxOffsetSeconds: 0.1 };
const linux = (clockState: number, status: number): TimesyncReading => ({
  linuxKernel: { clockState, status },
  inputs: {},
});
const windows = (extra: Partial<TimesyncReading>, running = true, type: string | undefined = 'NTP') => ({
  windowsService: { serviceRunning: running, type },
  inputs: {},
  ...extra,
});

test('Linux: synchronized unless TIME_ERROR or STA_UNSYNC', () => {
  assert.equal(synchronized(linux(0, 0x2000), settings), true);
  assert.equal(synchronized(linux(1, 0x2001), settings), true, 'TIME_INS (leap second pending)');
  assert.equal(synchronized(linux(5, 0x40), settings), false);
  assert.equal(synchronized(linux(0, 0x2040), settings), false, 'STA_UNSYNC alone');
});

test('Windows: W32Time must run with a sync type', () => {
  assert.equal(synchronized(windows({}, false), settings), false, 'stopped or missing service');
  assert.equal(
    synchronized(windows({ ntpSources: 1, absoluteOffsetSeconds: 0 }, true, 'NoSync'), settings),
    false,
  );
});

test('Windows: with counters, a source and an offset within the limit', () => {
  assert.equal(synchronized(windows({ ntpSources: 1, absoluteOffsetSeconds: 0.02 }), settings), true);
  assert.equal(synchronized(windows({ ntpSources: 1, absoluteOffsetSeconds: 0.5 }), settings), false);
  assert.equal(synchronized(windows({ ntpSources: 0, absoluteOffsetSeconds: 0 }), settings), false);
});

test('Windows without counters, or no input at all: unknown, not a guess', () => {
  assert.equal(synchronized(windows({}), settings), undefined);
  assert.equal(synchronized({ inputs: {} }, settings), undefined);
});
