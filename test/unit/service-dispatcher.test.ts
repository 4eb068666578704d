// The service's side of the SCM protocol, against a scripted SCM: which statuses it
// reports and when, for a stop, a shutdown, a failed start and a process the SCM did
// not start. The real SCM (Wine's) runs the same code in test/e2e/windows-service.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import winston from 'winston';
import type { ServiceDispatcher } from '../../src/platform/windows/service-control';
import { dispatchService, type ServiceBody } from '../../src/service/dispatcher';
import { CONTROL, ERROR_CALL_NOT_IMPLEMENTED, NO_ERROR, STATE, stateName } from '../../src/service/status';

const silent = winston.createLogger({ silent: true });

interface Reported {
  state: string;
  accepted: number;
  exit: [number, number];
  checkPoint: number;
}

/** An SCM that starts the service once the dispatcher connects, and ends it on STOPPED. */
class ScriptedScm {
  readonly reported: Reported[] = [];
  readonly events: string[] = [];
  handler: ((control: number) => number) | undefined;
  private done: ((error: unknown) => void) | undefined;

  constructor(private readonly connects = true) {}

  api(): ServiceDispatcher {
    return {
      dispatch: (name, serviceMain, handler, done) => {
        this.events.push(`dispatch ${name}`);
        this.handler = handler;
        this.done = done;
        setImmediate(() => (this.connects ? serviceMain() : done(undefined)));
      },
      registerHandler: (name) => {
        this.events.push(`register ${name}`);
        return 77n;
      },
      setStatus: (handle, buf) => {
        assert.equal(handle, 77n);
        const state = stateName(buf.readUInt32LE(4)).toUpperCase();
        this.reported.push({
          state,
          accepted: buf.readUInt32LE(8),
          exit: [buf.readUInt32LE(12), buf.readUInt32LE(16)],
          checkPoint: buf.readUInt32LE(20),
        });
        this.events.push(state);
        if (state === 'STOPPED') setImmediate(() => this.done?.(undefined));
        return 0;
      },
    };
  }

  async until(state: string): Promise<void> {
    while (!this.reported.some((r) => r.state === state)) await new Promise((r) => setImmediate(r));
  }
}

function body(
  scm: ScriptedScm,
  start: () => Promise<void> = async () => undefined,
): ServiceBody & { closed: number } {
  const b = {
    closed: 0,
    start: async () => {
      await start();
      return { close: async () => void b.closed++ };
    },
    beforeStopped: async (exitCode: number) => void scm.events.push(`beforeStopped ${exitCode}`),
  };
  return b;
}

for (const [control, name] of [
  [CONTROL.stop, 'STOP'],
  [CONTROL.shutdown, 'SHUTDOWN'],
] as const) {
  test(`${name}: START_PENDING, RUNNING, then STOP_PENDING and STOPPED after a clean close`, async () => {
    const scm = new ScriptedScm();
    const service = body(scm);
    const result = dispatchService('hostwatch-exporter', service, silent, scm.api());
    await scm.until('RUNNING');
    assert.equal(scm.handler?.(CONTROL.interrogate), NO_ERROR);
    assert.equal(scm.handler?.(CONTROL.pause), ERROR_CALL_NOT_IMPLEMENTED);
    assert.equal(scm.handler?.(control), NO_ERROR);
    assert.equal(scm.handler?.(CONTROL.stop), NO_ERROR, 'a second stop while stopping is a no-op');
    assert.deepEqual(await result, { connected: true, exitCode: 0 });
    assert.deepEqual(
      scm.reported.map((r) => [r.state, r.accepted, r.checkPoint]),
      [
        ['START_PENDING', 0, 1],
        ['RUNNING', 5, 0],
        ['STOP_PENDING', 0, 1],
        ['STOPPED', 0, 0],
      ],
    );
    assert.equal(service.closed, 1);
    assert.deepEqual(scm.events.slice(0, 2), ['dispatch hostwatch-exporter', 'register hostwatch-exporter']);
    assert.deepEqual(scm.events.slice(-2), ['beforeStopped 0', 'STOPPED'], 'logs written before STOPPED');
  });
}

test('a start that fails reports STOPPED with a service-specific exit code 1', async () => {
  const scm = new ScriptedScm();
  const service = body(scm, async () => {
    throw new Error('listen EADDRINUSE');
  });
  assert.deepEqual(await dispatchService('x', service, silent, scm.api()), { connected: true, exitCode: 1 });
  assert.deepEqual(
    scm.reported.map((r) => [r.state, ...r.exit]),
    [
      ['START_PENDING', 0, 0],
      ['STOPPED', 1066, 1],
    ],
  );
  assert.deepEqual(scm.events.slice(-2), ['beforeStopped 1', 'STOPPED']);
});

test('a process the SCM did not start is told so: not connected, nothing reported', async () => {
  const scm = new ScriptedScm(false);
  const result = await dispatchService('x', body(scm), silent, scm.api());
  assert.deepEqual(result, { connected: false, exitCode: 0 });
  assert.deepEqual(scm.reported, []);
});

test('STATE values are the SCM constants', () => {
  assert.deepEqual([STATE.stopped, STATE.start_pending, STATE.stop_pending, STATE.running], [1, 2, 3, 4]);
});
