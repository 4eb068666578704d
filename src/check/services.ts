// check: the configured service policy against the host now, with the services
// collector's backend and its policy evaluation. Only the services the policy names are
// read, so the section costs a few calls however many services the host has.
import { servicesBackend, servicesCollector } from '../collectors/services';
import { evaluatePolicy, policyRules } from '../collectors/services/policy';
import { serviceKey } from '../collectors/services/selection';
import type { PolicyVerdict, ServiceRecord } from '../collectors/services/types';
import type { Finding } from './findings';
import { SEE } from './runbooks';
import { collectorSection } from './section';

export const servicesSection = collectorSection(servicesCollector, 'service policy', async (options, ctx) => {
  const rules = policyRules(options.policy);
  if (rules.size === 0) {
    return [{ status: 'info', text: 'no policy configured (collectors.services.policy in the config file)' }];
  }
  const backend = servicesBackend(ctx.platform, options);
  const named = new Set([...rules.keys()].map(serviceKey));
  let services: ServiceRecord[];
  try {
    services = await backend.collect((name) => named.has(serviceKey(name)));
  } finally {
    backend.close?.();
  }
  return evaluateServices(evaluatePolicy(rules, services));
});

const REASON: Record<PolicyVerdict['reason'], string> = {
  compliant: 'as expected',
  start_mode: 'its start mode differs',
  state: 'its state differs',
  start_mode_and_state: 'its start mode and state differ',
  missing: 'it does not exist on this host',
  unknown_start_mode: 'its start mode cannot be read',
};

export function evaluateServices(verdicts: readonly PolicyVerdict[]): Finding[] {
  const findings: Finding[] = verdicts
    .filter((v) => !v.compliant)
    .map((v) => ({
      status: 'attention',
      text: `service ${v.name} should be ${v.expected}: ${REASON[v.reason]}`,
      see: SEE.servicePolicy,
    }));
  const ok = verdicts.filter((v) => v.compliant);
  if (ok.length > 0) {
    findings.unshift({
      status: 'ok',
      text: `${ok.length} of ${verdicts.length} services comply with the policy (${ok.map((v) => v.name).join(', ')})`,
    });
  }
  return findings;
}
