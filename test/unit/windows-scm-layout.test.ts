// The x64 SCM layouts, parsed from buffers built the way the SCM fills them: the record
// array first, the UTF-16 strings after it, pointers as absolute addresses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  delayedFlagOf,
  ENUM_SERVICE_STATUS_PROCESSW_SIZE,
  parseEnumServices,
  startTypeOf,
  triggerCountOf,
  utf16At,
} from '../../src/platform/windows/scm-layout';

const BASE = 0x7ff0_1234_0000n;

function enumBuffer(services: { name: string; display: string; state: number }[]): Buffer {
  const strings = services.flatMap((s) => [s.name, s.display]).map((s) => Buffer.from(`${s}\0`, 'utf16le'));
  const head = services.length * ENUM_SERVICE_STATUS_PROCESSW_SIZE;
  const buf = Buffer.alloc(head + strings.reduce((n, s) => n + s.length, 0));
  let at = head;
  services.forEach((s, i) => {
    const rec = i * ENUM_SERVICE_STATUS_PROCESSW_SIZE;
    for (const field of [0, 8]) {
      buf.writeBigUInt64LE(BASE + BigInt(at), rec + field);
      const str = strings[i * 2 + field / 8] as Buffer;
      str.copy(buf, at);
      at += str.length;
    }
    buf.writeUInt32LE(0x10, rec + 16); // dwServiceType: own process
    buf.writeUInt32LE(s.state, rec + 20); // dwCurrentState
    buf.writeUInt32LE(0xdead, rec + 44); // dwProcessId: must not leak into the state
  });
  return buf;
}

test('ENUM_SERVICE_STATUS_PROCESSW records: names (UTF-16, non-ASCII) and states', () => {
  const services = [
    { name: 'W32Time', display: 'Windows Time', state: 4 },
    { name: 'Dienst-äöü-服务', display: 'Ünïcode', state: 1 },
    { name: 'Paused', display: '', state: 7 },
  ];
  const parsed = parseEnumServices(enumBuffer(services), BASE, 3);
  assert.deepEqual(
    parsed,
    services.map((s) => ({ name: s.name, currentState: s.state })),
  );
});

test('a pointer outside the buffer or an unterminated string is an error, not garbage', () => {
  const buf = enumBuffer([{ name: 'A', display: 'B', state: 4 }]);
  assert.throws(() => parseEnumServices(buf, BASE + 0x10000n, 1), /outside its buffer/);
  assert.throws(() => parseEnumServices(buf, BASE, 2), /more than its buffer holds/);
  const unterminated = Buffer.from('abc', 'utf16le');
  assert.throws(() => utf16At(unterminated, BASE, BASE), /not terminated/);
});

test('QUERY_SERVICE_CONFIGW start type, delayed auto-start flag, trigger count', () => {
  const config = Buffer.alloc(64);
  config.writeUInt32LE(0x10, 0);
  config.writeUInt32LE(2, 4);
  config.writeUInt32LE(1, 8);
  assert.equal(startTypeOf(config), 2);
  const delayed = Buffer.alloc(4);
  assert.equal(delayedFlagOf(delayed), false);
  delayed.writeInt32LE(1, 0);
  assert.equal(delayedFlagOf(delayed), true);
  const triggers = Buffer.alloc(24);
  triggers.writeUInt32LE(2, 0);
  triggers.writeBigUInt64LE(BASE, 8);
  assert.equal(triggerCountOf(triggers), 2);
});
