// The probe against real Linux sockets on loopback, through libc and koffi.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { after, before, test } from 'node:test';
import { hasIpv6Loopback } from '../../src/collectors/listen/config';
import { linuxSocketApi } from '../../src/collectors/listen/linux';
import { runProbe } from '../../src/collectors/listen/probe';
import type { SocketApi } from '../../src/collectors/listen/types';
import { needHost } from '../support/tools';
import { freePort } from '../support/ports';

let api: SocketApi;
let holder: Server;
let heldPort: number;

before(async () => {
  api = linuxSocketApi();
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  heldPort = (holder.address() as { port: number }).port;
});
after(() => new Promise<void>((resolve) => holder.close(() => resolve())));

test('a probe of 127.0.0.1:0 succeeds and times every phase', () => {
  const result = runProbe(api, { address: '127.0.0.1', port: 0, expect: 'free' });
  assert.equal(result.failure, undefined);
  const phases = ['socket', 'bind', 'listen', 'connect', 'accept', 'exchange', 'total'] as const;
  for (const phase of phases) {
    const seconds = result.durations[phase];
    assert.ok(seconds !== undefined && seconds >= 0, `${phase}: ${seconds}`);
  }
  const parts = phases.slice(0, -1).reduce((sum, p) => sum + (result.durations[p] ?? 0), 0);
  assert.ok((result.durations.total ?? 0) >= parts, 'total covers the phases');
});

test('a port held by another listener fails at bind with EADDRINUSE', () => {
  const result = runProbe(api, { address: '127.0.0.1', port: heldPort, expect: 'free' });
  assert.deepEqual(result.failure, { phase: 'bind', code: 'EADDRINUSE', osCode: 98 });
  assert.equal(result.durations.listen, undefined, 'phases after the failure are absent');
  assert.ok(result.durations.bind !== undefined && result.durations.total !== undefined);
});

test('in_use_ok: the held port is what was expected, not a failure', () => {
  const result = runProbe(api, { address: '127.0.0.1', port: heldPort, expect: 'in_use_ok' });
  assert.equal(result.failure, undefined);
  assert.equal(result.inUse, true);
});

test('a fixed free port can be probed again and again (no TIME_WAIT on the probe port)', async () => {
  const port = await freePort();
  for (let i = 0; i < 3; i++) {
    assert.equal(
      runProbe(api, { address: '127.0.0.1', port, expect: 'free' }).failure,
      undefined,
      `run ${i}`,
    );
  }
});

test('an address that is not on this host fails at bind with EADDRNOTAVAIL', () => {
  const result = runProbe(api, { address: '192.0.2.1', port: 0, expect: 'free' });
  assert.equal(result.failure?.code, 'EADDRNOTAVAIL');
  assert.equal(result.failure?.phase, 'bind');
});

test('the wildcard address is probed through loopback', () => {
  assert.equal(runProbe(api, { address: '0.0.0.0', port: 0, expect: 'free' }).failure, undefined);
});

test('IPv6 loopback', { skip: needHost(hasIpv6Loopback(), 'IPv6 loopback (::1)') }, () => {
  const result = runProbe(api, { address: '::1', port: 0, expect: 'free' });
  assert.equal(result.failure, undefined);
  assert.ok(result.durations.accept !== undefined);
  assert.equal(runProbe(api, { address: '::', port: 0, expect: 'free' }).failure, undefined);
});

test('stopping a target while its worker loads koffi or probes never aborts the process', () => {
  // Terminating a worker from outside while it is inside koffi aborts the process (FATAL
  // napi_throw; seen by the timer collector). Probe workers stop themselves; stop() lands
  // here in every phase of a worker's life: starting, loading koffi, probing, idle.
  const slotPath = JSON.stringify(require.resolve('../../src/collectors/listen/slot'));
  const script = `
    const { ProbeSlot } = require(${slotPath});
    (async () => {
      for (let i = 0; i < 40; i++) {
        const slot = new ProbeSlot({ address: '127.0.0.1', port: 0, expect: 'free' }, () => undefined);
        slot.run(5, 'test').catch(() => undefined);
        await new Promise((r) => setTimeout(r, i % 20));
        await slot.stop();
      }
      process.stdout.write('stopped 40 times');
      process.exit(0);
    })();`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.signal, null, run.stderr);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'stopped 40 times');
});
