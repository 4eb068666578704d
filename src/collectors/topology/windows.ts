// Windows topology backend: GetLogicalProcessorInformationEx parsed by parse.ts, the
// processor-group counting API, and the groups a default new process may use.
import { kernel32, type Kernel32 } from '../../platform/windows/kernel32';
import { ntdll, RTL_OSVERSIONINFOW_SIZE } from '../../platform/windows/ntdll';
import { decideGroupsAllowed, logicalProcessorsOfCores, numaShares, preferFullNuma } from './groups';
import { parseProcessorInformation, popcount, RELATION } from './parse';
import type { ProcessorGroup, Topology, TopologyBackend } from './types';

const RELATION_ALL = 0xffff;
const ERROR_INSUFFICIENT_BUFFER = 122;

export function windowsTopologyBackend(): TopologyBackend {
  const k32 = kernel32();
  return { read: () => readTopology(k32) };
}

function readTopology(k32: Kernel32): Topology {
  const all = parseProcessorInformation(processorInformation(k32, RELATION_ALL));
  const numaEx = optional(() => parseProcessorInformation(processorInformation(k32, RELATION.numaNodeEx)));
  const activeGroups = Number(k32.GetActiveProcessorGroupCount());
  const groups = processorGroups(k32, activeGroups);
  const allowed = decideGroupsAllowed(osBuild(), activeGroups, measuredGroups(k32, activeGroups));
  return {
    activeGroups,
    maximumGroups: Number(k32.GetMaximumProcessorGroupCount()),
    groups,
    numa: numaShares(preferFullNuma(all, numaEx)),
    packages: all.packages,
    cores: all.cores.length,
    logicalProcessors: logicalProcessorsOfCores(all),
    groupsAllowed: allowed.count,
    groupsAllowedMethod: allowed.method,
    processAffinity: processAffinity(k32, groups, allowed.count),
  };
}

/** The two-call protocol: ask for the length, then fill a buffer of that length. */
export function processorInformation(k32: Kernel32, relation: number): Buffer {
  const length = [0];
  if (k32.GetLogicalProcessorInformationEx(relation, null, length)) return Buffer.alloc(0);
  const error = Number(k32.GetLastError());
  if (error !== ERROR_INSUFFICIENT_BUFFER) throw win32Error('GetLogicalProcessorInformationEx', error);
  const buf = Buffer.alloc(length[0] ?? 0);
  if (!k32.GetLogicalProcessorInformationEx(relation, buf, length)) {
    throw win32Error('GetLogicalProcessorInformationEx', Number(k32.GetLastError()));
  }
  return buf.subarray(0, length[0]);
}

function processorGroups(k32: Kernel32, activeGroups: number): ProcessorGroup[] {
  const groups: ProcessorGroup[] = [];
  for (let group = 0; group < activeGroups; group++) {
    groups.push({
      group,
      active: Number(k32.GetActiveProcessorCount(group)),
      maximum: Number(k32.GetMaximumProcessorCount(group)),
    });
  }
  return groups;
}

/** GetProcessGroupAffinity of this process; undefined where the call is missing. */
function measuredGroups(k32: Kernel32, activeGroups: number): number | undefined {
  const count = [activeGroups];
  const array = Buffer.alloc(2 * Math.max(1, activeGroups));
  return k32.GetProcessGroupAffinity(k32.GetCurrentProcess(), count, array) ? count[0] : undefined;
}

/**
 * GetProcessAffinityMask covers the process's primary group only, and returns zero
 * masks when the process has threads in several groups; then its affinity is every
 * active processor of the groups it may use.
 */
function processAffinity(
  k32: Kernel32,
  groups: ProcessorGroup[],
  allowed: number | undefined,
): number | undefined {
  const processMask = Buffer.alloc(8);
  const systemMask = Buffer.alloc(8);
  if (!k32.GetProcessAffinityMask(k32.GetCurrentProcess(), processMask, systemMask)) return undefined;
  const mask = processMask.readBigUInt64LE(0);
  if (mask !== 0n) return popcount(mask);
  if (allowed === undefined) return undefined;
  return groups.slice(0, allowed).reduce((sum, g) => sum + g.active, 0);
}

/** The real build number (RtlGetVersion ignores compatibility manifests). */
export function osBuild(): number | undefined {
  const info = Buffer.alloc(RTL_OSVERSIONINFOW_SIZE);
  info.writeUInt32LE(RTL_OSVERSIONINFOW_SIZE, 0);
  if (ntdll().RtlGetVersion(info) !== 0) return undefined;
  return info.readUInt32LE(12);
}

function optional<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function win32Error(call: string, code: number): Error {
  return new Error(`${call} failed (Win32 error ${code})`);
}
