// Linux topology backend: sysfs (/sys/devices/system/cpu and /sys/devices/system/node)
// and this process's affinity from /proc/self/status. Linux has no processor groups:
// one group holds every CPU and any process may use all of them (its affinity allows).
//
// The root is a parameter so that the same code reads fixture trees in tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { numaNodeCount, type NumaShare, type Topology, type TopologyBackend } from './types';

export function linuxTopologyBackend(root = '/', procStatus = '/proc/self/status'): TopologyBackend {
  return { read: () => readLinuxTopology(root, procStatus) };
}

/** "0-3,8,10-11" -> [0, 1, 2, 3, 8, 10, 11]. An empty list is valid (a memory-only node). */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.trim().split(',')) {
    if (part === '') continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`not a CPU list: "${text.trim()}"`);
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    for (let cpu = first; cpu <= last; cpu++) cpus.push(cpu);
  }
  return cpus;
}

export function readLinuxTopology(root: string, procStatus: string): Topology {
  const cpuDir = join(root, 'sys/devices/system/cpu');
  const online = parseCpuList(mustRead(join(cpuDir, 'online')));
  const possible = parseCpuList(read(join(cpuDir, 'possible')) ?? read(join(cpuDir, 'present')) ?? '');
  const packages = new Set<string>();
  const cores = new Set<string>();
  for (const cpu of online) {
    const topo = join(cpuDir, `cpu${cpu}`, 'topology');
    const pkg = mustRead(join(topo, 'physical_package_id')).trim();
    // thread_siblings_list names the CPUs of one core on every kernel; core_id alone
    // repeats across packages and dies.
    const core = (read(join(topo, 'thread_siblings_list')) ?? mustRead(join(topo, 'core_id'))).trim();
    packages.add(pkg);
    cores.add(`${pkg}/${core}`);
  }
  const numa = numaOfCpus(join(root, 'sys/devices/system/node'), new Set(online));
  return {
    activeGroups: 1,
    maximumGroups: 1,
    groups: [{ group: 0, active: online.length, maximum: Math.max(possible.length, online.length) }],
    numa,
    packages: packages.size,
    cores: cores.size,
    logicalProcessors: online.length,
    groupsAllowed: 1,
    groupsAllowedMethod: 'no_groups',
    processAffinity: affinityOf(procStatus),
  };
}

/** Online CPUs of each online NUMA node; undefined on a kernel built without NUMA. */
function numaOfCpus(nodeDir: string, online: ReadonlySet<number>): NumaShare[] | undefined {
  const nodesText = read(join(nodeDir, 'online'));
  if (nodesText === undefined) return undefined;
  const shares = parseCpuList(nodesText).map((node) => {
    const cpus = parseCpuList(mustRead(join(nodeDir, `node${node}`, 'cpulist')));
    return { node, group: 0, logicalProcessors: cpus.filter((c) => online.has(c)).length };
  });
  return numaNodeCount(shares) === 0 ? undefined : shares;
}

/** Cpus_allowed_list of this process's main thread (sched_getaffinity). */
function affinityOf(procStatus: string): number | undefined {
  const line = read(procStatus)
    ?.split('\n')
    .find((l) => l.startsWith('Cpus_allowed_list:'));
  return line === undefined ? undefined : parseCpuList(line.slice(line.indexOf(':') + 1)).length;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function mustRead(path: string): string {
  const text = read(path);
  if (text === undefined) throw new Error(`cannot read ${path}`);
  return text;
}
