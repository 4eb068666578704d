// Pure rules that turn what Windows reports into the topology we export.
import { popcount, type GroupAffinity, type ParsedProcessorInformation } from './parse';
import type { NumaShare } from './types';

/**
 * First build whose processes span all processor groups by default: Windows Server 2022
 * is build 20348 and Windows 11 is build 22000.
 *
 * Why a rule at all: the honest measurement is GetProcessGroupAffinity of a process
 * started without an explicit affinity (this exporter is one). Where that call is
 * missing (Wine answers ERROR_CALL_NOT_IMPLEMENTED, 120) we fall back to what Microsoft
 * documents in "Processor Groups": before Windows 11 and Windows Server 2022 the OS
 * assigns a new process to a single group (round-robin across groups) and its threads
 * stay there unless the program calls SetThreadGroupAffinity; starting with those
 * releases a process and its threads have an affinity that spans every group by
 * default. So the rule is: build >= 20348 -> all active groups, else exactly 1.
 */
export const ALL_GROUPS_BY_DEFAULT_BUILD = 20348;

export function defaultGroupsAllowed(osBuild: number, activeGroups: number): number {
  return osBuild >= ALL_GROUPS_BY_DEFAULT_BUILD ? activeGroups : Math.min(1, activeGroups);
}

/** NUMA node -> group affinities, flattened to one share per (node, group). */
export function numaShares(numa: ReadonlyMap<number, readonly GroupAffinity[]>): NumaShare[] {
  const shares: NumaShare[] = [];
  for (const [node, masks] of [...numa].sort((a, b) => a[0] - b[0])) {
    for (const { group, mask } of masks) {
      shares.push({ node, group, logicalProcessors: popcount(mask) });
    }
  }
  return shares;
}

/** Every logical processor belongs to exactly one core: their masks add up to the total. */
export function logicalProcessorsOfCores(parsed: ParsedProcessorInformation): number {
  let total = 0;
  for (const core of parsed.cores) for (const a of core) total += popcount(a.mask);
  return total;
}

/**
 * NUMA records from RelationAll carry only each node's primary group on Windows Server
 * 2022 and later; RelationNumaNodeEx carries every group. Prefer the full view.
 */
export function preferFullNuma(
  all: ParsedProcessorInformation,
  numaEx: ParsedProcessorInformation | undefined,
): ReadonlyMap<number, readonly GroupAffinity[]> {
  return numaEx && numaEx.numa.size > 0 ? numaEx.numa : all.numa;
}
