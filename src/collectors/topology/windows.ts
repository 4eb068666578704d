// Windows topology backend: GetLogicalProcessorInformationEx, the processor-group
// counting API, and the groups a default new process may use (windows-groups.ts).
import { osBuildNumber } from '../../platform/windows/ntdll';
import { popcount, RELATION } from '../../platform/windows/processor-information';
import {
  activeProcessorGroupCount,
  groupProcessorCounts,
  maximumProcessorGroupCount,
  processAffinityMask,
  processGroupCount,
  processorInformation,
} from '../../platform/windows/processors';
import type { ProcessorGroup, Topology, TopologyBackend } from './types';
import { decideGroupsAllowed, logicalProcessorsOfCores, numaShares, preferFullNuma } from './windows-groups';

const RELATION_ALL = 0xffff;

export function windowsTopologyBackend(): TopologyBackend {
  return { read: readTopology };
}

function readTopology(): Topology {
  const all = processorInformation(RELATION_ALL);
  const numaEx = optional(() => processorInformation(RELATION.numaNodeEx));
  const activeGroups = activeProcessorGroupCount();
  const groups = processorGroups(activeGroups);
  const allowed = decideGroupsAllowed(osBuildNumber(), activeGroups, processGroupCount(activeGroups));
  return {
    activeGroups,
    maximumGroups: maximumProcessorGroupCount(),
    groups,
    numa: numaShares(preferFullNuma(all, numaEx)),
    packages: all.packages,
    cores: all.cores.length,
    logicalProcessors: logicalProcessorsOfCores(all),
    groupsAllowed: allowed.count,
    groupsAllowedMethod: allowed.method,
    processAffinity: processAffinity(groups, allowed.count),
  };
}

function processorGroups(activeGroups: number): ProcessorGroup[] {
  return Array.from({ length: activeGroups }, (_, group) => ({ group, ...groupProcessorCounts(group) }));
}

/**
 * GetProcessAffinityMask covers the process's primary group only, and returns zero
 * masks when the process has threads in several groups; then its affinity is every
 * active processor of the groups it may use.
 */
function processAffinity(groups: ProcessorGroup[], allowed: number | undefined): number | undefined {
  const mask = processAffinityMask();
  if (mask === undefined) return undefined;
  if (mask !== 0n) return popcount(mask);
  if (allowed === undefined) return undefined;
  return groups.slice(0, allowed).reduce((sum, g) => sum + g.active, 0);
}

function optional<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
