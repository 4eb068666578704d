// The one helper both timesync backends read their inputs with: a value passes through,
// a failure is reported under the input's name (as an Error, whatever was thrown) and
// reads as undefined.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inputReader } from '../../src/collectors/timesync/read-input';

test('an input that answers is read; one that fails is reported by name and reads undefined', () => {
  const reported: { input: string; error: unknown }[] = [];
  const readInput = inputReader((input, error) => reported.push({ input, error }));

  assert.equal(
    readInput('adjtimex', () => 42),
    42,
  );
  assert.equal(
    readInput('daemon', () => 0),
    0,
    'a falsy value is a value',
  );
  assert.equal(reported.length, 0);

  const refused = new Error('EPERM');
  assert.equal(
    readInput('registry', () => {
      throw refused;
    }),
    undefined,
  );
  assert.equal(
    readInput('pdh', () => {
      throw 'PDH_CSTATUS_NO_OBJECT';
    }),
    undefined,
  );
  assert.equal(reported.length, 2);
  assert.deepEqual(reported[0], { input: 'registry', error: refused });
  const { input, error } = reported[1] ?? { input: '', error: undefined };
  assert.equal(input, 'pdh');
  assert.ok(error instanceof Error, 'a thrown string is reported as an Error');
  assert.equal(error.message, 'PDH_CSTATUS_NO_OBJECT');
});
