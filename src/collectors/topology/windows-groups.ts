// Pure rules that turn what Windows reports into the topology we export.
import {
  popcount,
  type GroupAffinity,
  type ParsedProcessorInformation,
} from '../../platform/windows/processor-information';
import type { GroupsAllowedMethod, NumaShare } from './types';

/**
 * First build whose processes span all processor groups by default: Windows Server 2022
 * is build 20348 and Windows 11 is build 22000.
 *
 * The question is "how many groups may a process started without an explicit affinity
 * run on?". Microsoft's "Processor Groups" documentation answers it per release:
 * - before Windows 11 / Windows Server 2022 the OS assigns each new process to a single
 *   group (round-robin across groups), and its threads stay there unless the program
 *   calls SetThreadGroupAffinity: one group;
 * - from those releases on, "process and thread affinities span all processors in the
 *   system, across all processor groups, by default": every active group.
 * GetProcessGroupAffinity of this exporter (a process started without an explicit
 * affinity) measures it on the older builds, where the assigned group is the whole
 * story. On the newer builds it lists only the groups a thread of the process is
 * currently assigned to, which understates what the process may use, so the documented
 * rule answers there. Where the call is missing (Wine: ERROR_CALL_NOT_IMPLEMENTED, 120)
 * the rule answers too.
 */
const ALL_GROUPS_BY_DEFAULT_BUILD = 20348;

export function defaultGroupsAllowed(osBuild: number, activeGroups: number): number {
  return osBuild >= ALL_GROUPS_BY_DEFAULT_BUILD ? activeGroups : Math.min(1, activeGroups);
}

export interface GroupsAllowed {
  readonly count: number | undefined;
  readonly method: GroupsAllowedMethod;
}

/** Measurement where it answers the question, the documented rule elsewhere. */
export function decideGroupsAllowed(
  osBuild: number | undefined,
  activeGroups: number,
  measured: number | undefined,
): GroupsAllowed {
  const newBuild = osBuild !== undefined && osBuild >= ALL_GROUPS_BY_DEFAULT_BUILD;
  if (measured !== undefined && !newBuild) return { count: measured, method: 'measured' };
  if (osBuild === undefined) return { count: undefined, method: 'os_rule' };
  return { count: defaultGroupsAllowed(osBuild, activeGroups), method: 'os_rule' };
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
