// The configuration's validator on its own: strict objects, defaults, where an issue is
// and what it says. load.ts turns these issues into the messages config-errors tests pin.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refine, strictObject, transform, whenMissing } from '../../src/config/checks';
import * as v from '../../src/config/validate';

const port = v.withDefault(v.number('a port', { min: 0, max: 65535, integer: true }), 9877);
const section = whenMissing(strictObject({ port, host: v.withDefault(v.string('a host'), 'localhost') }), {});

test('a strict object rejects an unknown key and names the first one, at the object', () => {
  const result = section.check({ port: 1, prot: 2, other: 3 }, ['web']);
  assert.deepEqual(result, {
    ok: false,
    issue: { path: ['web'], message: 'unknown key "prot"', code: 'unknown_key', key: 'prot' },
  });
});

test('a key with a wrong value is reported before an unknown key, in the order of the shape', () => {
  const result = section.check({ zzz: 1, host: 5, port: 'x' }, []);
  assert.deepEqual(result, { ok: false, issue: { path: ['port'], message: 'a port', code: 'invalid' } });
});

test('defaults fill missing keys, and a missing section is all defaults', () => {
  assert.deepEqual(section.parse({ port: 80 }), { port: 80, host: 'localhost' });
  assert.deepEqual(section.parse(undefined), { port: 9877, host: 'localhost' });
  // A section that is there but is no mapping is not "missing".
  assert.equal(section.safeParse(null).success, false);
  assert.equal(section.safeParse([]).success, false);
});

test('numbers: type, range, integer and finite', () => {
  for (const bad of ['80', 1.5, -1, 65536, Infinity, NaN, true]) {
    assert.equal(port.safeParse(bad).success, false, String(bad));
  }
  assert.equal(port.parse(0), 0);
});

test('an issue inside a list element has the element index and the key in its path', () => {
  const targets = v.array(strictObject({ name: v.string('a name'), port }), 'a list');
  const result = targets.check([{ name: 'a' }, { name: 7 }], ['collectors', 'listen', 'targets']);
  assert.ok(!result.ok);
  assert.deepEqual(result.issue.path, ['collectors', 'listen', 'targets', '1', 'name']);
  assert.equal(result.issue.message, 'a name');
  assert.equal(targets.check({}, ['t']).ok, false);
});

test('a transform that fails says so with its own message, where the value is', () => {
  const even = transform(v.string('a string'), (text, path) =>
    text.length % 2 === 0 ? v.ok(text.length) : v.fail(path, 'an even number of letters'),
  );
  assert.equal(even.parse('ab'), 2);
  assert.deepEqual(even.check('abc', ['x']), {
    ok: false,
    issue: { path: ['x'], message: 'an even number of letters', code: 'invalid' },
  });
  assert.deepEqual(even.check(3, ['x']), {
    ok: false,
    issue: { path: ['x'], message: 'a string', code: 'invalid' },
  });
});

test('a relation between two keys is reported at the key it names, with its own code', () => {
  const span = refine(strictObject({ low: port, high: port }), (s) =>
    (s['low'] as number) <= (s['high'] as number)
      ? undefined
      : { path: ['high'], code: 'relation', message: 'at least low' },
  );
  assert.deepEqual(span.check({ low: 5, high: 4 }, ['range']), {
    ok: false,
    issue: { path: ['range', 'high'], message: 'at least low', code: 'relation' },
  });
  assert.deepEqual(span.parse({ low: 4, high: 5 }), { low: 4, high: 5 });
  // Its own keys are checked first: a bad value is the issue, not the relation.
  assert.deepEqual(span.check({ low: 'a', high: 4 }, []), {
    ok: false,
    issue: { path: ['low'], message: 'a port', code: 'invalid' },
  });
});

test('optional keys stay out of the result; union, enum and record', () => {
  const shape = strictObject({
    mode: v.oneOf(['auto', 'manual'] as const, 'a mode'),
    note: v.optional(v.string('text')),
  });
  assert.deepEqual(shape.parse({ mode: 'auto' }), { mode: 'auto' });
  assert.equal(shape.safeParse({ mode: 'automatic' }).success, false);
  const rule = v.union<unknown>([v.oneOf(['auto'] as const, 'a mode'), shape], 'a mode or a mapping');
  const rules = v.record(rule, 'a mapping');
  assert.deepEqual(rules.parse({ a: 'auto', b: { mode: 'manual' } }), { a: 'auto', b: { mode: 'manual' } });
  assert.deepEqual(rules.check({ a: 'auto', b: 'up' }, ['policy']), {
    ok: false,
    issue: { path: ['policy', 'b'], message: 'a mode or a mapping', code: 'invalid' },
  });
  assert.throws(() => rules.parse([]), /value: a mapping/);
});
