// The topology family. HELP strings name the data source and the unit.
import type { Registers } from '../../runtime/metrics';
import { gauge } from '../../runtime/metrics';

export function topologyMetrics(registers: Registers) {
  return {
    groups: gauge(registers, {
      name: 'hostwatch_cpu_groups',
      help: 'Active processor groups (GetActiveProcessorGroupCount on Windows, where machines with more than 64 logical processors are split into groups; always 1 on Linux).',
    }),
    groupProcessors: gauge<'group' | 'state'>(registers, {
      name: 'hostwatch_cpu_group_logical_processors',
      help: 'Logical processors per processor group: state=active is online now (GetActiveProcessorCount; Linux: online CPUs), state=maximum includes hot-add capacity (GetMaximumProcessorCount; Linux: possible CPUs).',
      labelNames: ['group', 'state'],
    }),
    numaNodes: gauge(registers, {
      name: 'hostwatch_cpu_numa_nodes',
      help: 'NUMA nodes (GetLogicalProcessorInformationEx on Windows; online nodes in /sys/devices/system/node on Linux). Absent when the kernel has no NUMA support.',
    }),
    numaProcessors: gauge<'node' | 'group'>(registers, {
      name: 'hostwatch_cpu_numa_node_logical_processors',
      help: 'Active logical processors of each NUMA node in each processor group it spans (a node spans groups on Windows Server 2022 and later); 0 for a memory-only node.',
      labelNames: ['node', 'group'],
    }),
    packages: gauge(registers, {
      name: 'hostwatch_cpu_packages',
      help: 'Physical processor packages (sockets) with at least one active logical processor (RelationProcessorPackage records; Linux: distinct physical_package_id).',
    }),
    cores: gauge(registers, {
      name: 'hostwatch_cpu_cores',
      help: 'Physical cores with at least one active logical processor (RelationProcessorCore records; Linux: distinct thread_siblings_list per package).',
    }),
    logicalProcessors: gauge(registers, {
      name: 'hostwatch_cpu_logical_processors',
      help: 'Active logical processors across all processor groups (sum of core masks on Windows; online CPUs on Linux).',
    }),
    groupsAllowed: gauge(registers, {
      name: 'hostwatch_process_cpu_groups_allowed',
      help: 'Processor groups a process started without an explicit affinity may run on. Before Windows build 20348: GetProcessGroupAffinity of this exporter process (normally 1). From build 20348 (Windows Server 2022, Windows 11), or where that call is missing: the documented default (all active groups from 20348, one before). Always 1 on Linux.',
    }),
    affinity: gauge(registers, {
      name: 'hostwatch_process_cpu_affinity_logical_processors',
      help: 'Logical processors this exporter process may run on: its affinity (GetProcessAffinityMask, or all processors of its allowed groups when it spans several; Linux: Cpus_allowed_list of /proc/self/status). What a runtime that sizes thread pools from the affinity would see.',
    }),
  };
}

export type TopologyMetrics = ReturnType<typeof topologyMetrics>;
