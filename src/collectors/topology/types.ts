// Shapes shared by the topology parsers (pure) and their OS backends (I/O).

/** One processor group: Windows splits machines with more than 64 logical processors. */
export interface ProcessorGroup {
  readonly group: number;
  /** Logical processors active (online) in the group now. */
  readonly active: number;
  /** Logical processors the group can hold, hot-add capacity included. */
  readonly maximum: number;
}

/** Logical processors of one NUMA node inside one group (a node may span groups). */
export interface NumaShare {
  readonly node: number;
  readonly group: number;
  readonly logicalProcessors: number;
}

/** How hostwatch_process_cpu_groups_allowed was obtained. */
export type GroupsAllowedMethod =
  /** GetProcessGroupAffinity of this process (started without explicit affinity), before build 20348. */
  | 'measured'
  /** The documented default for the OS build: from build 20348 on, or where the call is missing (Wine). */
  | 'os_rule'
  /** Linux has no processor groups: every process may use every CPU its affinity allows. */
  | 'no_groups';

export interface Topology {
  readonly activeGroups: number;
  readonly maximumGroups: number;
  readonly groups: readonly ProcessorGroup[];
  /** Undefined when the OS does not say (a Linux kernel without NUMA support). */
  readonly numa: readonly NumaShare[] | undefined;
  readonly packages: number;
  readonly cores: number;
  readonly logicalProcessors: number;
  /** Groups a default new process may run on; undefined when it cannot be known. */
  readonly groupsAllowed: number | undefined;
  readonly groupsAllowedMethod: GroupsAllowedMethod;
  /** Logical processors this exporter process may run on (its affinity). */
  readonly processAffinity: number | undefined;
}

/** The thin OS layer: reads the whole topology once; re-read on the slow schedule. */
export interface TopologyBackend {
  read(): Topology;
}

export function numaNodeCount(numa: readonly NumaShare[] | undefined): number | undefined {
  return numa === undefined ? undefined : new Set(numa.map((n) => n.node)).size;
}
