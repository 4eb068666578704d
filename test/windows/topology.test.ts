// Runs inside node.exe under Wine (or on Windows): the real kernel32 calls of the topology
// backend, and the collector publishing them. Wine reports the Linux host's CPUs as one
// processor group and does not implement GetProcessGroupAffinity (error 120), so the
// groups-allowed value comes from the OS-build rule there.
import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { topologyCollector } from '../../src/collectors/topology';
import { windowsTopologyBackend } from '../../src/collectors/topology/windows';
import { createLogger } from '../../src/log';
import { kernel32 } from '../../src/platform/windows/kernel32';
import { osBuildNumber } from '../../src/platform/windows/ntdll';
import { processorInformation, processorInformationBuffer } from '../../src/platform/windows/processors';

const skip = process.platform !== 'win32' && 'runs in node.exe under Wine';
const ALL_PROCESSOR_GROUPS = 0xffff;

test('GetLogicalProcessorInformationEx(RelationAll) parses and agrees with the group API', { skip }, () => {
  const k32 = kernel32();
  const parsed = processorInformation(0xffff);
  const total = Number(k32.GetActiveProcessorCount(ALL_PROCESSOR_GROUPS));
  assert.ok(parsed.cores.length >= 1);
  assert.equal(parsed.groups?.activeGroupCount, Number(k32.GetActiveProcessorGroupCount()));
  assert.equal(
    parsed.groups?.perGroup.reduce((n, g) => n + g.active, 0),
    total,
  );
});

test('GetLogicalProcessorInformationEx: the length is a DWORD, in and out', { skip }, () => {
  const length = Buffer.alloc(8, 0xff);
  length.writeUInt32LE(0, 0);
  assert.equal(kernel32().GetLogicalProcessorInformationEx(0xffff, null, length), 0, 'NULL buffer: FALSE');
  assert.equal(length.readUInt32LE(4), 0xffffffff, 'the API writes 4 bytes');
  assert.equal(length.readUInt32LE(0), processorInformationBuffer(0xffff).length);
});

test('the topology: every logical processor once, in one group under Wine', { skip }, () => {
  const t = windowsTopologyBackend().read();
  assert.equal(t.logicalProcessors, cpus().length, 'libuv counts the same processors');
  assert.equal(
    t.groups.reduce((n, g) => n + g.active, 0),
    t.logicalProcessors,
  );
  assert.ok(t.cores >= 1 && t.cores <= t.logicalProcessors);
  assert.ok(t.packages >= 1 && t.packages <= t.cores);
  assert.equal(
    t.numa?.reduce((n, s) => n + s.logicalProcessors, 0),
    t.logicalProcessors,
  );
  assert.ok(t.maximumGroups >= t.activeGroups);
  assert.equal(t.processAffinity, t.logicalProcessors, 'started without an affinity: all of its group');
});

test('groups allowed: measured where the API exists, else the OS-build rule', { skip }, () => {
  const t = windowsTopologyBackend().read();
  const build = osBuildNumber();
  assert.ok(build !== undefined && build >= 7600, `RtlGetVersion build ${build}`);
  assert.ok(['measured', 'os_rule'].includes(t.groupsAllowedMethod));
  assert.equal(t.groupsAllowed, t.groupsAllowedMethod === 'os_rule' && build < 20348 ? 1 : t.activeGroups);
});

test('the collector publishes the topology', { skip }, async () => {
  const registry = new Registry();
  const collector = topologyCollector.create(
    { registers: [registry], logger: createLogger('error', 'json'), platform: 'windows' },
    { enabled: true, timeout: 5, refresh_interval: 300 },
  );
  collector.start?.();
  try {
    await collector.update(new AbortController().signal);
    const value = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values[0]?.value;
    assert.equal(await value('hostwatch_cpu_logical_processors'), cpus().length);
    assert.equal(await value('hostwatch_cpu_groups'), 1);
    assert.equal(await value('hostwatch_process_cpu_groups_allowed'), 1);
  } finally {
    await collector.stop?.();
  }
});
