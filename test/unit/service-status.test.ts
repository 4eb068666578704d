import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACCEPT_SHUTDOWN,
  ACCEPT_STOP,
  decodeStatusProcess,
  encodeStatus,
  ERROR_SERVICE_SPECIFIC_ERROR,
  STATE,
  StatusSequence,
  stateName,
} from '../../src/service/status';

test('SERVICE_STATUS is seven little-endian DWORDs, own-process type first', () => {
  const buf = encodeStatus({
    state: STATE.stop_pending,
    controlsAccepted: 0,
    win32ExitCode: 0,
    serviceSpecificExitCode: 0,
    checkPoint: 3,
    waitHintMs: 15_000,
  });
  assert.equal(buf.length, 28);
  assert.deepEqual(
    [0, 4, 8, 12, 16, 20, 24].map((o) => buf.readUInt32LE(o)),
    [0x10, 3, 0, 0, 0, 3, 15_000],
  );
});

test('SERVICE_STATUS_PROCESS is read with its process id at offset 28', () => {
  const buf = Buffer.alloc(36);
  buf.writeUInt32LE(STATE.running, 4);
  buf.writeUInt32LE(ACCEPT_STOP | ACCEPT_SHUTDOWN, 8);
  buf.writeUInt32LE(4242, 28);
  const status = decodeStatusProcess(buf);
  assert.equal(stateName(status.state), 'running');
  assert.equal(status.processId, 4242);
  assert.equal(status.controlsAccepted, 5);
  assert.throws(() => decodeStatusProcess(Buffer.alloc(28)), /36 bytes/);
  assert.equal(stateName(99), 'unknown (99)');
});

test('the sequence: check points grow while pending, stop is accepted only while running', () => {
  const seq = new StatusSequence();
  const start = seq.enter(STATE.start_pending, { waitHintMs: 30_000 });
  assert.deepEqual([start.checkPoint, start.waitHintMs, start.controlsAccepted], [1, 30_000, 0]);
  assert.equal(seq.progress()?.checkPoint, 2);
  assert.equal(seq.progress()?.checkPoint, 3);
  const running = seq.enter(STATE.running);
  assert.deepEqual([running.checkPoint, running.waitHintMs], [0, 0]);
  assert.equal(running.controlsAccepted, ACCEPT_STOP | ACCEPT_SHUTDOWN);
  assert.equal(seq.progress(), undefined, 'a settled state has no progress');
  assert.equal(seq.enter(STATE.stop_pending).controlsAccepted, 0, 'no second stop while stopping');
  assert.equal(seq.enter(STATE.stopped).win32ExitCode, 0);
  const failed = seq.enter(STATE.stopped, { exitCode: 1 });
  assert.deepEqual([failed.win32ExitCode, failed.serviceSpecificExitCode], [ERROR_SERVICE_SPECIFIC_ERROR, 1]);
  assert.equal(seq.state, STATE.stopped);
});
