// Content negotiation for /metrics with the headers real clients send.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseEncoding, chooseFormat, memoByHeader, parseWeighted } from '../../src/server/negotiate';

/** Prometheus 2.49+ (scrape/scrape.go acceptHeader with the default scrape protocols). */
const PROMETHEUS_2_ACCEPT =
  'application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2';
/** Prometheus 3.x: text/plain 1.0.0 added, escaping parameters on the 1.0.0 types. */
const PROMETHEUS_3_ACCEPT =
  'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2';
/** Prometheus before 2.49. */
const PROMETHEUS_OLD_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

test('Prometheus 2, 3 and older get OpenMetrics', () => {
  for (const accept of [PROMETHEUS_2_ACCEPT, PROMETHEUS_3_ACCEPT, PROMETHEUS_OLD_ACCEPT]) {
    assert.equal(chooseFormat(accept), 'openmetrics', accept);
  }
});

test('no Accept, */*, or text/plain preferred: the 0.0.4 text format', () => {
  assert.equal(chooseFormat(undefined), 'prometheus');
  assert.equal(chooseFormat('*/*'), 'prometheus');
  assert.equal(chooseFormat('text/plain;q=0.9,application/openmetrics-text;q=0.5'), 'prometheus');
  assert.equal(chooseFormat('application/openmetrics-text;q=0'), 'prometheus', 'q=0 means not acceptable');
});

test('gzip when Accept-Encoding asks for it with a weight above 0', () => {
  assert.equal(chooseEncoding('gzip'), 'gzip', 'what Prometheus sends');
  assert.equal(chooseEncoding('gzip, deflate, br'), 'gzip', 'curl --compressed, browsers');
  assert.equal(chooseEncoding('br;q=1.0, *;q=0.5'), 'gzip', 'through the wildcard');
  assert.equal(chooseEncoding('X-GZIP'), 'gzip');
});

test('identity otherwise', () => {
  assert.equal(chooseEncoding(undefined), 'identity');
  assert.equal(chooseEncoding('identity'), 'identity', 'Prometheus with compression off');
  assert.equal(chooseEncoding('gzip;q=0'), 'identity');
  assert.equal(chooseEncoding('gzip;q=0, *;q=1'), 'identity', 'an explicit refusal beats the wildcard');
  assert.equal(chooseEncoding('deflate, br'), 'identity');
});

test('weights parse leniently: spaces, case, a broken q', () => {
  assert.deepEqual(parseWeighted(' Text/Plain ; Q=0.3 , gzip;q=abc,,'), [
    { value: 'text/plain', q: 0.3 },
    { value: 'gzip', q: 0 },
  ]);
});

test('the memo answers a repeated header as a fresh parse would, and stays bounded', () => {
  const seen: (string | undefined)[] = [];
  const decide = memoByHeader((header) => {
    seen.push(header);
    return header?.length ?? -1;
  }, 2);
  assert.deepEqual([decide('ab'), decide('ab'), decide(undefined), decide(undefined)], [2, 2, -1, -1]);
  assert.deepEqual(seen, ['ab', undefined], 'each header parsed once while the memo holds it');
  assert.equal(decide('abc'), 3, 'a third header starts the memo over');
  assert.equal(decide('ab'), 2);
  assert.deepEqual(seen, ['ab', undefined, 'abc', 'ab']);
  for (const accept of [PROMETHEUS_2_ACCEPT, PROMETHEUS_2_ACCEPT, 'text/plain', PROMETHEUS_2_ACCEPT]) {
    assert.equal(chooseFormat(accept), accept === 'text/plain' ? 'prometheus' : 'openmetrics');
  }
});
