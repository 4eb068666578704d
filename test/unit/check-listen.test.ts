// check's listen findings from probe outcomes. Pure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ListenTarget } from '../../src/collectors/listen/types';
import { listenFinding } from '../../src/check/listen';

const target = (address: string, port = 0): ListenTarget => ({
  name: 'app',
  address,
  port,
  intervalSeconds: 15,
  timeoutSeconds: 2,
  expect: 'free',
});
const durations = {
  socket: 1e-5,
  bind: 2e-5,
  listen: 1e-6,
  connect: 3e-5,
  accept: 1e-5,
  exchange: 1e-5,
  total: 1e-4,
};

test('a successful probe is ok, with its bind, accept and total times', () => {
  const f = listenFinding(target('127.0.0.1'), {
    kind: 'done',
    result: { durations, failure: undefined, inUse: false },
  });
  assert.equal(f.status, 'ok');
  assert.match(f.text, /^app \(127\.0\.0\.1:0\): bind .*, accept .*, total /);
});

test('a failed probe needs attention: phase, stable code and OS number, and the runbook', () => {
  const failure = { phase: 'bind' as const, code: 'EACCES', osCode: 10013 };
  const f = listenFinding(target('::1', 8080), {
    kind: 'done',
    result: { durations, failure, inUse: false },
  });
  assert.equal(f.status, 'attention');
  assert.equal(f.text, 'app ([::1]:8080): bind failed with EACCES (OS error 10013)');
  assert.equal(f.see, 'docs/runbooks/HostwatchListenFailing.md');
});

test('a probe past its timeout needs attention as a blocked listen', () => {
  const f = listenFinding(target('0.0.0.0', 80), { kind: 'timeout' });
  assert.equal(f.status, 'attention');
  assert.match(f.text, /^app \(0\.0\.0\.0:80\): no answer within 2 ?s; the listen is blocked/);
  assert.equal(f.see, 'docs/runbooks/HostwatchListenBlocked.md');
});

test('in_use_ok: a port in use is ok', () => {
  const f = listenFinding(target('127.0.0.1', 80), {
    kind: 'done',
    result: { durations, failure: undefined, inUse: true },
  });
  assert.equal(f.status, 'ok');
  assert.match(f.text, /in use, as expected/);
});
