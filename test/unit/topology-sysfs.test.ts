// The Linux topology backend reading fake sysfs trees written by the test.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { parseCpuList, readLinuxTopology } from '../../src/collectors/topology/linux';
import { numaNodeCount } from '../../src/collectors/topology/types';
import { cpusOf, writeSysfs, type FakeSysfs } from '../support/sysfs';

const trees: { remove(): void }[] = [];
after(() => trees.forEach((t) => t.remove()));

function read(spec: FakeSysfs) {
  const tree = writeSysfs(spec);
  trees.push(tree);
  return readLinuxTopology(tree.root, tree.status);
}

test('CPU lists as the kernel prints them', () => {
  assert.deepEqual(parseCpuList('0-3,8,10-11\n'), [0, 1, 2, 3, 8, 10, 11]);
  assert.deepEqual(parseCpuList('\n'), [], 'a memory-only NUMA node has an empty cpulist');
  assert.throws(() => parseCpuList('0-a'), /not a CPU list/);
});

describe('single socket, 4 cores with SMT', () => {
  const t = read({ cpus: cpusOf(1, 4, 2), nodes: [[0, 1, 2, 3, 4, 5, 6, 7]], allowed: '0-7' });
  test('1 package, 4 cores, 8 logical processors', () => {
    assert.deepEqual([t.packages, t.cores, t.logicalProcessors], [1, 4, 8]);
  });
  test('one group holding every CPU, and one group allowed', () => {
    assert.deepEqual(t.groups, [{ group: 0, active: 8, maximum: 8 }]);
    assert.deepEqual([t.activeGroups, t.groupsAllowed, t.groupsAllowedMethod], [1, 1, 'no_groups']);
  });
  test('one NUMA node with all 8', () => {
    assert.deepEqual(t.numa, [{ node: 0, group: 0, logicalProcessors: 8 }]);
  });
  test('affinity from Cpus_allowed_list', () => assert.equal(t.processAffinity, 8));
});

describe('two sockets with NUMA', () => {
  // 2 packages x 8 cores x 2 threads; node 0 = package 0, node 1 = package 1, plus a
  // memory-only node 2 (CXL memory), which has no CPUs.
  const cpus = cpusOf(2, 8, 2);
  const node = (p: number) => cpus.filter((c) => c.pkg === p).map((c) => c.id);
  const t = read({ cpus, nodes: [node(0), node(1), []], allowed: '0-7,16-23' });

  test('2 packages, 16 cores, 32 logical processors', () => {
    assert.deepEqual([t.packages, t.cores, t.logicalProcessors], [2, 16, 32]);
  });
  test('core_id repeats across packages but cores are not merged', () => {
    assert.equal(new Set(cpus.map((c) => c.core)).size, 8);
    assert.equal(t.cores, 16);
  });
  test('three NUMA nodes, the memory-only one with 0 processors', () => {
    assert.equal(numaNodeCount(t.numa), 3);
    assert.deepEqual(
      t.numa?.map((n) => [n.node, n.logicalProcessors]),
      [
        [0, 16],
        [1, 16],
        [2, 0],
      ],
    );
  });
  test('a process pinned to one socket sees half the machine', () => assert.equal(t.processAffinity, 16));
});

describe('offline CPUs', () => {
  // 8 possible CPUs (4 cores x 2 threads); CPU 5 (core 1's second thread) and both
  // threads of core 3 (3 and 7) are offline.
  const cpus = cpusOf(1, 4, 2).map((c) => ({ ...c, online: ![3, 5, 7].includes(c.id) }));
  const t = read({ cpus, nodes: [[0, 1, 2, 3, 4, 5, 6, 7]], allowed: '0-2,4,6' });

  test('only online CPUs count; a core with one thread left still counts', () => {
    assert.deepEqual([t.packages, t.cores, t.logicalProcessors], [1, 3, 5]);
  });
  test('the group maximum is the possible CPUs, active the online ones', () => {
    assert.deepEqual(t.groups, [{ group: 0, active: 5, maximum: 8 }]);
  });
  test('NUMA counts only online CPUs of a node', () => {
    assert.deepEqual(t.numa, [{ node: 0, group: 0, logicalProcessors: 5 }]);
  });
});

test('a kernel without NUMA support: nodes unknown, not zero', () => {
  const t = read({ cpus: cpusOf(1, 2, 1), allowed: '0-1' });
  assert.equal(t.numa, undefined);
  assert.equal(numaNodeCount(t.numa), undefined);
});

test('a missing topology file is an error, not a guess', () => {
  const tree = writeSysfs({ cpus: cpusOf(1, 2, 1) });
  trees.push(tree);
  rmSync(`${tree.root}/sys/devices/system/cpu/cpu1/topology`, { recursive: true });
  assert.throws(() => readLinuxTopology(tree.root, tree.status), /cannot read .*cpu1\/topology/);
});
