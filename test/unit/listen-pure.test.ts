// Pure parts of the listen collector: error-code labels, sockaddr bytes, jitter and the
// /probe deadline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyError, ERROR_CODES } from '../../src/collectors/listen/codes';
import { connectAddress, decodePort, encodeSockaddr, ipv6Bytes } from '../../src/collectors/listen/sockaddr';
import {
  firstDelaySeconds,
  nextDelaySeconds,
  probeDeadlineSeconds,
} from '../../src/collectors/listen/schedule';

test('Linux errno and Windows WSA codes for the same condition share one label', () => {
  const pairs: [number, number, string][] = [
    [98, 10048, 'EADDRINUSE'],
    [13, 10013, 'EACCES'],
    [99, 10049, 'EADDRNOTAVAIL'],
    [97, 10047, 'EAFNOSUPPORT'],
    [24, 10024, 'EMFILE'],
    [105, 10055, 'ENOBUFS'],
    [111, 10061, 'ECONNREFUSED'],
    [104, 10054, 'ECONNRESET'],
    [110, 10060, 'ETIMEDOUT'],
  ];
  for (const [errno, wsa, label] of pairs) {
    assert.equal(classifyError('linux', errno), label, `errno ${errno}`);
    assert.equal(classifyError('windows', wsa), label, `WSA ${wsa}`);
  }
});

test('unknown numbers are OTHER, and a Linux errno is not read as a WSA code or back', () => {
  assert.equal(classifyError('linux', 9999), 'OTHER');
  assert.equal(classifyError('windows', 98), 'OTHER');
  assert.equal(classifyError('linux', 10048), 'OTHER');
  assert.equal(classifyError('windows', 10093), 'WSANOTINITIALISED');
  assert.equal(classifyError('linux', -1), 'EOF');
});

test('the code table has unique labels and unique numbers per platform', () => {
  const labels = ERROR_CODES.map((c) => c.label);
  assert.equal(new Set(labels).size, labels.length);
  for (const platform of ['linux', 'windows'] as const) {
    const numbers = ERROR_CODES.flatMap((c) => (c[platform] === undefined ? [] : [c[platform]]));
    assert.equal(new Set(numbers).size, numbers.length, platform);
  }
});

test('sockaddr_in: family 2 little-endian, port big-endian, address bytes', () => {
  const buf = encodeSockaddr('linux', '127.0.0.1', 0x1f90);
  assert.equal(buf.toString('hex'), '02001f907f0000010000000000000000');
  assert.equal(decodePort(buf), 8080);
  assert.deepEqual(encodeSockaddr('windows', '127.0.0.1', 8080), buf);
});

test('sockaddr_in6: AF_INET6 is 10 on Linux and 23 on Windows, address at offset 8', () => {
  const linux = encodeSockaddr('linux', '::1', 443);
  assert.equal(linux.length, 28);
  assert.equal(linux.readUInt16LE(0), 10);
  assert.equal(encodeSockaddr('windows', '::1', 443).readUInt16LE(0), 23);
  assert.equal(decodePort(linux), 443);
  assert.equal(linux.subarray(8, 24).toString('hex'), '00000000000000000000000000000001');
});

test('IPv6 literals expand to 16 bytes, including "::" in the middle and IPv4 tails', () => {
  assert.equal(ipv6Bytes('::').toString('hex'), '0'.repeat(32));
  assert.equal(ipv6Bytes('fe80::1:2').toString('hex'), 'fe800000000000000000000000010002');
  assert.equal(ipv6Bytes('2001:db8:0:0:1:0:0:1').toString('hex'), '20010db8000000000001000000000001');
  assert.equal(ipv6Bytes('::ffff:127.0.0.1').toString('hex'), '00000000000000000000ffff7f000001');
});

test('wildcard listen addresses are reached through loopback of the same family', () => {
  assert.equal(connectAddress('0.0.0.0'), '127.0.0.1');
  assert.equal(connectAddress('::'), '::1');
  assert.equal(connectAddress('0:0::0'), '::1');
  assert.equal(connectAddress('10.1.2.3'), '10.1.2.3');
});

test('jitter: the schedule starts at a random phase, later probes 90-110% of the interval apart', () => {
  assert.equal(firstDelaySeconds(15, 0), 0);
  assert.equal(firstDelaySeconds(15, 0.5), 7.5);
  assert.equal(firstDelaySeconds(1, 0.5), 0.5);
  assert.equal(nextDelaySeconds(10, 0), 9);
  assert.equal(nextDelaySeconds(10, 0.5), 10);
  assert.ok(Math.abs(nextDelaySeconds(10, 0.999999) - 11) < 1e-4);
});

test('/probe deadline: scrape timeout header minus the margin, capped by the target timeout', () => {
  assert.equal(probeDeadlineSeconds(undefined, 2, 0.5), 2);
  assert.equal(probeDeadlineSeconds('10', 2, 0.5), 2);
  assert.equal(probeDeadlineSeconds('1.5', 2, 0.5), 1);
  assert.equal(probeDeadlineSeconds('0.4', 2, 0.5), 0.2);
  assert.ok(probeDeadlineSeconds('soon', 2, 0.5) instanceof Error);
  assert.ok(probeDeadlineSeconds('-1', 2, 0.5) instanceof Error);
});
