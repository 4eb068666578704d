// check: processor groups, NUMA and what a default process may use, with the topology
// collector's backend.
import { topologyBackend, topologyCollector } from '../collectors/topology';
import { numaNodeCount, type Topology } from '../collectors/topology/types';
import type { Finding } from './findings';
import { SEE } from './runbooks';
import { collectorSection } from './section';

export const topologySection = collectorSection(
  topologyCollector,
  'processor groups and NUMA',
  (_options, ctx) => Promise.resolve(evaluateTopology(topologyBackend(ctx.platform).read())),
);

const METHOD: Record<Topology['groupsAllowedMethod'], string> = {
  measured: 'measured on this process',
  os_rule: 'by the documented default for this OS build',
  no_groups: 'Linux has no processor groups',
};

export function evaluateTopology(t: Topology): Finding[] {
  const sizes = t.groups.map((g) => g.active).join(' + ');
  const nodes = numaNodeCount(t.numa);
  const findings: Finding[] = [
    {
      status: 'info',
      text: `${t.logicalProcessors} logical processors, ${t.cores} cores, ${t.packages} package${t.packages === 1 ? '' : 's'}, ${nodes ?? 'unknown'} NUMA node${nodes === 1 ? '' : 's'}; ${t.activeGroups} processor group${t.activeGroups === 1 ? '' : 's'} (${sizes})`,
    },
  ];
  const allowed = t.groupsAllowed;
  const reachable =
    allowed === undefined ? undefined : t.groups.slice(0, allowed).reduce((n, g) => n + g.active, 0);
  const groupsText = `a process started without explicit affinity may use ${allowed ?? 'an unknown number of'} of ${t.activeGroups} group${t.activeGroups === 1 ? '' : 's'} (${METHOD[t.groupsAllowedMethod]})`;
  if (allowed !== undefined && allowed < t.activeGroups) {
    findings.push({
      status: 'attention',
      text: `${groupsText}: runtimes that size thread pools from it see ${reachable} of ${t.logicalProcessors} logical processors`,
      see: SEE.cpuGroups,
    });
  } else {
    findings.push({ status: allowed === undefined ? 'info' : 'ok', text: groupsText });
  }
  const spanning = new Set((t.numa ?? []).map((n) => `${n.node}`)).size < (t.numa ?? []).length;
  if (spanning) findings.push({ status: 'info', text: 'a NUMA node spans processor groups' });
  if (t.processAffinity !== undefined && t.processAffinity < t.logicalProcessors) {
    findings.push({
      status: 'info',
      text: `this process is restricted by its affinity to ${t.processAffinity} of ${t.logicalProcessors} logical processors`,
    });
  }
  return findings;
}
