// The EnumServicesStatusExW loop against a simulated SCM that behaves either like
// Windows (as many whole records as fit, ERROR_MORE_DATA, resume handle moved on) or
// like Wine (nothing until the buffer holds everything).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enumerateAll, type EnumAnswer } from '../../src/platform/windows/scm-enum';
import type { EnumeratedService } from '../../src/platform/windows/scm-layout';

const ERROR_MORE_DATA = 234;
const RECORD = 56;

function simulatedScm(names: string[], style: 'windows' | 'wine') {
  const size = (name: string) => RECORD + (name.length + 1) * 2;
  let resume = 0;
  let written: EnumeratedService[] = [];
  const calls: number[] = [];
  const call = (buffer: Buffer): EnumAnswer => {
    calls.push(buffer.length);
    const rest = names.slice(resume);
    const needed = rest.reduce((n, name) => n + size(name), 0);
    let fit = 0;
    let used = 0;
    if (style === 'windows' || needed <= buffer.length) {
      while (fit < rest.length && used + size(rest[fit] as string) <= buffer.length)
        used += size(rest[fit++] as string);
    }
    written = rest.slice(0, fit).map((name) => ({ name, currentState: 4 }));
    resume += fit;
    const done = resume === names.length;
    return { ok: done, error: done ? 0 : ERROR_MORE_DATA, returned: fit, needed: done ? 0 : needed - used };
  };
  const parse = (_buffer: Buffer, count: number) => {
    assert.equal(count, written.length);
    return written;
  };
  return { call, parse, calls };
}

const NAMES = Array.from({ length: 400 }, (_, i) => `Service${i}`);

test('Windows style from an empty buffer: one call to learn the size, one to read everything', () => {
  const scm = simulatedScm(NAMES, 'windows');
  const { services, buffer } = enumerateAll(scm.call, scm.parse, Buffer.alloc(0));
  assert.deepEqual(
    services.map((s) => s.name),
    NAMES,
  );
  assert.equal(scm.calls.length, 2);
  assert.ok(buffer.length >= 400 * RECORD, 'the grown buffer is kept for the next collection');
});

test('Windows style with a small buffer: partial lists continued by the resume handle, none lost or repeated', () => {
  const scm = simulatedScm(NAMES, 'windows');
  const { services } = enumerateAll(scm.call, scm.parse, Buffer.alloc(1000));
  assert.deepEqual(
    services.map((s) => s.name),
    NAMES,
  );
  assert.equal(scm.calls[0], 1000);
  assert.ok(scm.calls.length >= 2);
});

test('Wine style: nothing until the buffer is as large as the bytes needed', () => {
  const scm = simulatedScm(NAMES, 'wine');
  const { services } = enumerateAll(scm.call, scm.parse, Buffer.alloc(300));
  assert.deepEqual(
    services.map((s) => s.name),
    NAMES,
  );
  assert.equal(scm.calls.length, 2);
});

test('an error other than ERROR_MORE_DATA is thrown with its code', () => {
  const failing = () => ({ ok: false, error: 5, returned: 0, needed: 0 });
  assert.throws(() => enumerateAll(failing, () => [], Buffer.alloc(0)), /error 5\)/);
});

test('an SCM that never finishes is given up on, not looped on forever', () => {
  const endless = () => ({ ok: false, error: ERROR_MORE_DATA, returned: 0, needed: 10 });
  assert.throws(() => enumerateAll(endless, () => [], Buffer.alloc(0)), /did not finish/);
});
