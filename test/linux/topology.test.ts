// The Linux topology backend on this machine's real sysfs, checked against lscpu and
// getconf (util-linux and glibc read the same kernel data by their own code).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { linuxTopologyBackend } from '../../src/collectors/topology/linux';
import { numaNodeCount } from '../../src/collectors/topology/types';
import { needTools } from '../support/tools';

const topology = linuxTopologyBackend().read();

/** lscpu -p rows of online CPUs: CPU,CORE,SOCKET,NODE (NODE empty without NUMA). */
function lscpu(): string[][] {
  return execFileSync('lscpu', ['-p=CPU,CORE,SOCKET,NODE'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(','));
}

test('logical processors = getconf _NPROCESSORS_ONLN', { skip: needTools('getconf') }, () => {
  const online = Number(execFileSync('getconf', ['_NPROCESSORS_ONLN'], { encoding: 'utf8' }));
  assert.equal(topology.logicalProcessors, online);
  assert.equal(topology.groups[0]?.active, online);
  assert.ok((topology.groups[0]?.maximum ?? 0) >= online, 'possible CPUs include the online ones');
});

test('packages, cores and NUMA nodes = lscpu', { skip: needTools('lscpu') }, () => {
  const rows = lscpu();
  assert.equal(topology.packages, new Set(rows.map((r) => r[2])).size);
  assert.equal(topology.cores, new Set(rows.map((r) => `${r[2]}/${r[1]}`)).size);
  const nodes = new Set(rows.map((r) => r[3]).filter((n) => n !== ''));
  if (nodes.size > 0) {
    // lscpu lists nodes that hold an online CPU; sysfs also has memory-only nodes.
    const withCpus = (topology.numa ?? []).filter((n) => n.logicalProcessors > 0);
    assert.equal(withCpus.length, nodes.size);
    assert.ok((numaNodeCount(topology.numa) ?? 0) >= nodes.size);
  }
});

test('Linux: one group, and every process may use it', () => {
  assert.deepEqual([topology.activeGroups, topology.maximumGroups, topology.groupsAllowed], [1, 1, 1]);
});

test('this process affinity = what libuv sees (sched_getaffinity)', () => {
  assert.equal(topology.processAffinity, availableParallelism());
});

test('a process pinned with taskset sees one processor', { skip: needTools('taskset') }, () => {
  const script = `const {linuxTopologyBackend}=require(${JSON.stringify(require.resolve('../../src/collectors/topology/linux'))});process.stdout.write(String(linuxTopologyBackend().read().processAffinity))`;
  const run = spawnSync('taskset', ['-c', '0', process.execPath, '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '1');
});
