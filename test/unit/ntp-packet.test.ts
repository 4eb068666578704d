// The NTP on-wire format: the request, the decoding of a reply, timestamps across the
// 2036 era change, and the Reference ID as people read it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodePacket,
  encodeRequest,
  formatReferenceId,
  ntpToUnixNs,
  unixNsToNtp,
} from '../../src/collectors/ntp/packet';

const NS = 1_000_000_000n;
/** 2036-02-07T06:28:16Z: NTP era 0 ends, the 32-bit seconds field wraps to 0. */
const ERA_1_UNIX_SECONDS = 2_085_978_496n;

test('a request is 48 bytes: LI 0, version 4, mode 3, the nonce as Transmit Timestamp, zeros elsewhere', () => {
  const packet = encodeRequest(0xfedcba9876543210n);
  assert.equal(packet.length, 48);
  assert.equal(packet[0], 0x23);
  assert.equal(packet.readBigUInt64BE(40), 0xfedcba9876543210n);
  assert.ok(packet.subarray(1, 40).every((b) => b === 0));
});

test('a reply decodes field by field (RFC 5905 figure 8)', () => {
  const hex =
    '24' + // LI 0, VN 4, mode 4
    '02' + // stratum 2
    '06' + // poll
    'ec' + // precision -20
    '00018000' + // root delay 1.5 s
    '00000800' + // root dispersion 1/32 s
    'c0000201' + // reference id 192.0.2.1
    '0000000000000000' + // reference timestamp
    '1111111122222222' + // originate
    'e8fcd3a080000000' + // receive: 3908883360.5
    'e8fcd3a0c0000000'; // transmit: 3908883360.75
  const p = decodePacket(Buffer.from(hex, 'hex'));
  assert.ok(p);
  assert.deepEqual(
    [p.leap, p.version, p.mode, p.stratum, p.precision, p.rootDelaySeconds, p.rootDispersionSeconds],
    [0, 4, 4, 2, -20, 1.5, 1 / 32],
  );
  assert.equal(formatReferenceId(p.stratum, p.referenceId), '192.0.2.1');
  assert.equal(p.originate, 0x1111111122222222n);
  assert.equal(ntpToUnixNs(p.receive, 1_700_000_000n * NS), (3_908_883_360n - 2_208_988_800n) * NS + NS / 2n);
  assert.equal(decodePacket(Buffer.alloc(47)), undefined);
});

test('Unix nanoseconds and NTP timestamps convert both ways within 1 ns', () => {
  for (const unixNs of [0n, 1n, 999_999_999n, 1_700_000_000_123_456_789n, ERA_1_UNIX_SECONDS * NS + 7n]) {
    const back = ntpToUnixNs(unixNsToNtp(unixNs), unixNs);
    assert.ok(back - unixNs <= 1n && unixNs - back <= 1n, `${unixNs} -> ${back}`);
  }
});

test('timestamps after the 2036 wrap land in era 1, and just before it in era 0', () => {
  const tenSecondsIntoEra1 = 10n << 32n;
  const nearWrap = (ERA_1_UNIX_SECONDS - 5n) * NS;
  assert.equal(ntpToUnixNs(tenSecondsIntoEra1, nearWrap), (ERA_1_UNIX_SECONDS + 10n) * NS);
  const sixteenBeforeWrap = 0xfffffff0n << 32n;
  assert.equal(
    ntpToUnixNs(sixteenBeforeWrap, (ERA_1_UNIX_SECONDS + 5n) * NS),
    (ERA_1_UNIX_SECONDS - 16n) * NS,
  );
  // Far from the wrap the nearest era is the obvious one, both sides of 1970.
  assert.equal(ntpToUnixNs(unixNsToNtp(1_700_000_000n * NS), 1_700_000_900n * NS), 1_700_000_000n * NS);
});

test('the Reference ID: ASCII at stratum 0 and 1, dotted quad above, hex when not printable', () => {
  assert.equal(formatReferenceId(1, Buffer.from('GPS\0', 'latin1')), 'GPS');
  assert.equal(formatReferenceId(0, Buffer.from('RATE', 'latin1')), 'RATE');
  assert.equal(formatReferenceId(2, Buffer.from([127, 127, 1, 1])), '127.127.1.1');
  assert.equal(formatReferenceId(1, Buffer.from([0xff, 0, 1, 2])), '0xff000102');
  assert.equal(formatReferenceId(0, Buffer.alloc(4)), '');
});
