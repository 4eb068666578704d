// familyOf (sockaddr.ts) tells IPv4 from IPv6 without node:net, which the probe worker does
// not load. It must agree with node:net's isIPv4 / isIPv6, which validated the address on
// the main thread (config.ts), on every address without a zone: the config refuses "%".
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import { familyOf } from '../../src/collectors/listen/sockaddr';

/** familyOf's answer in isIP's terms: 4, 6, or 0 when it throws. */
function family(address: string): number {
  try {
    return familyOf(address);
  } catch {
    return 0;
  }
}

test('familyOf agrees with node:net on chosen literals and near misses', () => {
  const samples = [
    '127.0.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3',
    '1.2.3.4.5',
    '1..3.4',
    '::',
    '::1',
    '1::',
    'fe80::1',
    '::ffff:1.2.3.4',
    '::ffff:1.2.3.256',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7::',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5:6:7:1.2.3.4',
    '1::2::3',
    ':::',
    ':1',
    '1:',
    '12345::',
    'g::1',
    '',
    'localhost',
    '[::1]',
    ' ::1',
  ];
  for (const address of samples) assert.equal(family(address), isIP(address), address);
});

test('familyOf agrees with node:net on generated addresses and arbitrary text', () => {
  const zoneless = (s: string) => !s.includes('%');
  const addresses = fc.oneof(
    fc.ipV4(),
    fc.ipV6(),
    fc.ipV4Extended(),
    fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.g ') }),
  );
  fc.assert(
    fc.property(addresses.filter(zoneless), (address) => family(address) === isIP(address)),
    { numRuns: 5000 },
  );
});
