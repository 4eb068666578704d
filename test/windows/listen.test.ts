// The listen probe through Winsock (ws2_32.dll; Wine's under CI), inside node.exe
// (scripts/windows-test.sh): loopback succeeds, an occupied port gets the same label as
// on Linux, and the probe runs in a worker thread as the collector runs it.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { runProbe } from '../../src/collectors/listen/probe';
import { ProbeSlot } from '../../src/collectors/listen/slot';
import type { SocketApi } from '../../src/collectors/listen/types';
import { windowsSocketApi } from '../../src/collectors/listen/windows';

const WINDOWS_ONLY = process.platform !== 'win32' && 'runs inside node.exe (scripts/windows-test.sh)';

describe('listen probe through Winsock', { skip: WINDOWS_ONLY }, () => {
  let api: SocketApi;
  let holder: Server;
  let heldPort: number;
  before(async () => {
    api = windowsSocketApi();
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    heldPort = (holder.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  test('a probe of 127.0.0.1:0 succeeds and times every phase', () => {
    const result = runProbe(api, { address: '127.0.0.1', port: 0, expect: 'free' });
    assert.equal(result.failure, undefined, JSON.stringify(result.failure));
    for (const phase of ['socket', 'bind', 'listen', 'connect', 'accept', 'exchange', 'total'] as const) {
      assert.ok((result.durations[phase] ?? -1) >= 0, phase);
    }
  });

  test('a port held by another listener is EADDRINUSE (WSAEADDRINUSE 10048), as on Linux', () => {
    const result = runProbe(api, { address: '127.0.0.1', port: heldPort, expect: 'free' });
    assert.deepEqual(result.failure, { phase: 'bind', code: 'EADDRINUSE', osCode: 10048 });
    const expected = runProbe(api, { address: '127.0.0.1', port: heldPort, expect: 'in_use_ok' });
    assert.equal(expected.failure, undefined);
    assert.equal(expected.inUse, true);
  });

  test('an address not on this host is EADDRNOTAVAIL (WSAEADDRNOTAVAIL 10049)', () => {
    const result = runProbe(api, { address: '192.0.2.1', port: 0, expect: 'free' });
    assert.equal(result.failure?.code, 'EADDRNOTAVAIL');
    assert.equal(result.failure?.osCode, 10049);
  });

  test('IPv6 loopback through Winsock, where the stack has it', (t) => {
    const result = runProbe(api, { address: '::1', port: 0, expect: 'free' });
    if (result.failure?.code === 'EAFNOSUPPORT' || result.failure?.code === 'EADDRNOTAVAIL') {
      t.skip(`no IPv6 loopback here (${result.failure.code})`);
      return;
    }
    assert.equal(result.failure, undefined, JSON.stringify(result.failure));
  });

  test('the probe runs in a worker thread, as the collector runs it', async () => {
    const slot = new ProbeSlot({ address: '127.0.0.1', port: heldPort, expect: 'free' }, () => undefined);
    try {
      const outcome = await slot.run(30, 'test');
      assert.equal(outcome.kind, 'done');
      assert.equal(outcome.kind === 'done' ? outcome.result.failure?.code : undefined, 'EADDRINUSE');
    } finally {
      await slot.stop();
    }
  });
});
