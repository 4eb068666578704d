// SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX buffers built in the test, parsed by the pure
// parser the Windows backend uses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decideGroupsAllowed,
  defaultGroupsAllowed,
  logicalProcessorsOfCores,
  numaShares,
  preferFullNuma,
} from '../../src/collectors/topology/windows-groups';
import { parseProcessorInformation, popcount } from '../../src/platform/windows/processor-information';
import { bits, cache, core, coresOf, groups, numa, padded, pkg, processor, unknown } from '../support/lpi';

const parse = (...records: Buffer[]) => parseProcessorInformation(Buffer.concat(records));

describe('one processor group', () => {
  // 4 cores with SMT (8 logical processors), one package, one NUMA node, as most hosts.
  const buf = [
    ...[0, 1, 2, 3].map((c) => core(0, bits(2 * c, 2), true)),
    pkg([{ group: 0, mask: bits(0, 8) }]),
    numa(0, [{ group: 0, mask: bits(0, 8) }], { legacy: true }),
    cache(3, [{ group: 0, mask: bits(0, 8) }]),
    groups(1, [{ maximum: 8, active: 8 }]),
  ];
  const parsed = parse(...buf);

  test('counts cores, packages and logical processors', () => {
    assert.equal(parsed.cores.length, 4);
    assert.equal(parsed.packages, 1);
    assert.equal(logicalProcessorsOfCores(parsed), 8);
  });

  test('reads the group record', () => {
    assert.deepEqual(parsed.groups, {
      maximumGroupCount: 1,
      activeGroupCount: 1,
      perGroup: [{ maximum: 8, active: 8, activeMask: bits(0, 8) }],
    });
  });

  test('a legacy NUMA record (GroupCount 0) still has its one mask', () => {
    assert.deepEqual(numaShares(parsed.numa), [{ node: 0, group: 0, logicalProcessors: 8 }]);
  });

  test('caches are skipped', () => assert.equal(parsed.skipped, 1));
});

describe('two groups of 64 and 16', () => {
  const parsed = parse(
    groups(2, [
      { maximum: 64, active: 64 },
      { maximum: 64, active: 16 },
    ]),
    ...coresOf([64, 16]),
    pkg([
      { group: 0, mask: bits(0, 64) },
      { group: 1, mask: bits(0, 16) },
    ]),
    numa(0, [{ group: 0, mask: bits(0, 64) }]),
    numa(1, [{ group: 1, mask: bits(0, 16) }]),
  );

  test('every processor of both groups is counted once', () => {
    assert.equal(parsed.cores.length, 80);
    assert.equal(logicalProcessorsOfCores(parsed), 80);
    assert.equal(parsed.packages, 1, 'a package spanning two groups is one package');
  });

  test('a full 64-bit mask is 64 processors, not a sign bit', () => {
    assert.equal(popcount(bits(0, 64)), 64);
    assert.deepEqual(
      parsed.groups?.perGroup.map((g) => [g.maximum, g.active]),
      [
        [64, 64],
        [64, 16],
      ],
    );
  });

  test('NUMA nodes map to their groups', () => {
    assert.deepEqual(numaShares(parsed.numa), [
      { node: 0, group: 0, logicalProcessors: 64 },
      { node: 1, group: 1, logicalProcessors: 16 },
    ]);
  });
});

describe('NUMA nodes spanning groups (Windows Server 2022 and later)', () => {
  // 2 nodes of 48 processors on 96 processors split into groups of 64 and 32: node 1
  // has 16 processors in group 0 and 32 in group 1.
  const spanning = [
    numa(0, [{ group: 0, mask: bits(0, 48) }], { ex: true }),
    numa(
      1,
      [
        { group: 0, mask: bits(48, 16) },
        { group: 1, mask: bits(0, 32) },
      ],
      { ex: true },
    ),
  ];

  test('RelationNumaNodeEx records give every group of a node', () => {
    assert.deepEqual(numaShares(parse(...spanning).numa), [
      { node: 0, group: 0, logicalProcessors: 48 },
      { node: 1, group: 0, logicalProcessors: 16 },
      { node: 1, group: 1, logicalProcessors: 32 },
    ]);
  });

  test('the full view is preferred over RelationAll, which carries primary groups only', () => {
    const all = parse(
      ...coresOf([64, 32]),
      numa(0, [{ group: 0, mask: bits(0, 48) }]),
      numa(1, [{ group: 1, mask: bits(0, 32) }]),
    );
    const ex = parse(...spanning);
    const shares = numaShares(preferFullNuma(all, ex));
    assert.equal(
      shares.reduce((s, n) => s + n.logicalProcessors, 0),
      96,
    );
    assert.equal(numaShares(preferFullNuma(all, undefined)).length, 2, 'without Ex: RelationAll as is');
    assert.equal(numaShares(preferFullNuma(all, parse())).length, 2, 'an empty Ex answer changes nothing');
  });

  test('a node reported twice is merged, not double counted', () => {
    const twice = parse(numa(1, [{ group: 0, mask: bits(48, 16) }]), ...spanning.slice(1));
    assert.deepEqual(numaShares(twice.numa), [
      { node: 1, group: 0, logicalProcessors: 16 },
      { node: 1, group: 1, logicalProcessors: 32 },
    ]);
  });
});

describe('records of every relation type, known and future', () => {
  const buf = Buffer.concat([
    core(0, bits(0, 2), true),
    numa(0, [{ group: 0, mask: bits(0, 2) }]),
    cache(1, [{ group: 0, mask: bits(0, 2) }]),
    pkg([{ group: 0, mask: bits(0, 2) }]),
    groups(1, [{ maximum: 2, active: 2 }]),
    processor(5, [{ group: 0, mask: bits(0, 2) }]), // RelationProcessorDie
    numa(0, [{ group: 0, mask: bits(0, 2) }], { ex: true }),
    processor(7, [{ group: 0, mask: bits(0, 2) }]), // RelationProcessorModule
    unknown(8, 40), // RelationProcessorSharedComputeUnit, newer than this code
    unknown(0x1234, 3), // a future relationship with an odd size
    padded(core(0, bits(2, 1)), 24), // a core record grown by a future Windows
  ]);
  const parsed = parseProcessorInformation(buf);

  test('unknown relationships are skipped by Size and parsing resumes after them', () => {
    assert.equal(parsed.skipped, 5, 'cache, die, module and the two unknown records');
    assert.equal(parsed.cores.length, 2, 'the core after the unknown records is found');
    assert.equal(logicalProcessorsOfCores(parsed), 3);
    assert.equal(parsed.packages, 1);
    assert.deepEqual(numaShares(parsed.numa), [{ node: 0, group: 0, logicalProcessors: 2 }]);
  });

  test('filling the unknown records with 0xff changes nothing they could be misread as', () => {
    const withoutUnknown = Buffer.concat([core(0, bits(0, 2), true), padded(core(0, bits(2, 1)), 24)]);
    assert.deepEqual(parseProcessorInformation(withoutUnknown).cores, parsed.cores);
  });
});

describe('malformed buffers are rejected, never guessed at', () => {
  const cases: [string, Buffer][] = [
    ['a truncated header', Buffer.alloc(6)],
    ['a Size smaller than the header', Buffer.from([0, 0, 0, 0, 4, 0, 0, 0])],
    ['a Size past the end of the buffer', core(0, 1n).subarray(0, 40)],
    ['a core record too short for one mask', shrink(core(0, 1n), 16)],
    ['a GroupCount whose masks do not fit', withWord(core(0, 1n), 8 + 22, 3)],
    [
      'an ActiveGroupCount whose entries do not fit',
      withWord(groups(1, [{ maximum: 1, active: 1 }]), 8 + 2, 2),
    ],
  ];
  for (const [name, buf] of cases) {
    test(name, () => assert.throws(() => parseProcessorInformation(buf), /malformed/));
  }

  test('an empty buffer is an empty topology', () => {
    assert.deepEqual(parseProcessorInformation(Buffer.alloc(0)).cores, []);
  });
});

describe('groups a default new process may use, by OS build', () => {
  test('before Windows Server 2022 / Windows 11: one group', () => {
    assert.equal(defaultGroupsAllowed(17763, 2), 1, 'Windows Server 2019');
    assert.equal(defaultGroupsAllowed(19045, 4), 1, 'Windows 10 22H2');
  });
  test('measured where GetProcessGroupAffinity answers the question (before 20348)', () => {
    assert.deepEqual(decideGroupsAllowed(17763, 2, 1), { count: 1, method: 'measured' });
    assert.deepEqual(decideGroupsAllowed(17763, 2, undefined), { count: 1, method: 'os_rule' });
  });
  test('the rule from 20348, where the API lists only groups threads are assigned to', () => {
    assert.deepEqual(decideGroupsAllowed(20348, 4, 1), { count: 4, method: 'os_rule' });
    assert.deepEqual(decideGroupsAllowed(undefined, 2, undefined), { count: undefined, method: 'os_rule' });
  });
  test('from build 20348: every active group', () => {
    assert.equal(defaultGroupsAllowed(20348, 2), 2, 'Windows Server 2022');
    assert.equal(defaultGroupsAllowed(22631, 3), 3, 'Windows 11 23H2');
    assert.equal(defaultGroupsAllowed(26100, 1), 1, 'one group is one group');
  });
});

test('the buffer Wine 8 returned on a 2-CPU host parses to 2 cores, 1 package, 1 node, 1 group', () => {
  const parsed = parseProcessorInformation(Buffer.from(WINE_2CPU, 'hex'));
  assert.equal(parsed.cores.length, 2);
  assert.equal(parsed.packages, 1);
  assert.equal(logicalProcessorsOfCores(parsed), 2);
  assert.deepEqual(numaShares(parsed.numa), [{ node: 0, group: 0, logicalProcessors: 2 }]);
  assert.equal(parsed.groups?.activeGroupCount, 1);
  assert.equal(parsed.skipped, 7, 'Wine reports L1d, L1i and L2 for each core and one L3');
});

function shrink(buf: Buffer, by: number): Buffer {
  const out = Buffer.from(buf.subarray(0, buf.length - by));
  out.writeUInt32LE(out.length, 4);
  return out;
}

function withWord(buf: Buffer, at: number, value: number): Buffer {
  const out = Buffer.from(buf);
  out.writeUInt16LE(value, at);
  return out;
}

/** GetLogicalProcessorInformationEx(RelationAll) under wine 8.0 on this project's 2-CPU CI host. */
const WINE_2CPU = [
  '030000003000000000000000000000000000000000000000000000000000010003000000000000000000000000000000',
  '000000003000000000000000000000000000000000000000000000000000010001000000000000000000000000000000',
  '020000003800000001084000008000000200000000000000000000000000000000000000000000000100000000000000',
  '000000000000000002000000380000000108400000800000010000000000000000000000000000000000000000000000',
  '010000000000000000000000000000000200000038000000020840000000100000000000000000000000000000000000',
  '000000000000000001000000000000000000000000000000020000003800000003104000000000020000000000000000',
  '000000000000000000000000000000000300000000000000000000000000000000000000300000000000000100000000',
  '000000000000000000000000000001000200000000000000000000000000000002000000380000000108400000800000',
  '020000000000000000000000000000000000000000000000020000000000000000000000000000000200000038000000',
  '010840000080000001000000000000000000000000000000000000000000000002000000000000000000000000000000',
  '020000003800000002084000000010000000000000000000000000000000000000000000000000000200000000000000',
  '000000000000000001000000300000000000000000000000000000000000000000000000000000000300000000000000',
  '000000000000000004000000500000000100010000000000000000000000000000000000000000000202000000000000',
  '00000000000000000000000000000000000000000000000000000000000000000300000000000000',
].join('');
