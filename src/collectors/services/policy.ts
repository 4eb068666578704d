// The desired state an operator configured, checked against what the host reports. Pure.
// A rule for a service the host does not have is a finding (reason "missing"), never
// silently dropped: a policy that says W32Time must be automatic is violated by a host
// without W32Time.
import { strictObject } from '../../config/checks';
import * as v from '../../config/validate';
import { serviceKey } from './selection';
import {
  SERVICE_STATES,
  START_MODES,
  type PolicyReason,
  type PolicyRule,
  type PolicyVerdict,
  type ServiceRecord,
  type ServiceState,
  type StartMode,
} from './types';

/** What a policy may expect: any state but "unknown", which no one configures. */
const EXPECTED_STATES = SERVICE_STATES.filter((s) => s !== 'unknown');
const START_MODE_ACCEPTS = `one of ${START_MODES.join(', ')}`;
const startModeSchema = v.oneOf(START_MODES, START_MODE_ACCEPTS);

type PolicyEntry = StartMode | { start_mode: StartMode; state?: Exclude<ServiceState, 'unknown'> };
export type PolicyConfig = Record<string, PolicyEntry>;

/** A rule is a start mode ("auto") or a mapping ({ start_mode: auto, state: running }). */
const ruleSchema = v.union<PolicyEntry>(
  [
    startModeSchema,
    strictObject({
      start_mode: startModeSchema,
      state: v.optional(v.oneOf(EXPECTED_STATES, `one of ${EXPECTED_STATES.join(', ')}`)),
    }) as v.Schema<unknown> as v.Schema<PolicyEntry>,
  ],
  `a start mode (${START_MODE_ACCEPTS}) or a mapping { start_mode, state }`,
);

export const policySchema: v.Schema<PolicyConfig> = v.withDefault(
  v.record(ruleSchema, 'a mapping of service name to a rule'),
  {},
);

export const POLICY_ACCEPTS = `a mapping of service name to a start mode (${START_MODES.join(', ')}) or to { start_mode, state } with state one of ${EXPECTED_STATES.join(', ')}`;

export function policyRules(config: PolicyConfig): Map<string, PolicyRule> {
  const rules = new Map<string, PolicyRule>();
  for (const [name, rule] of Object.entries(config)) {
    rules.set(
      name,
      typeof rule === 'string'
        ? { startMode: rule, state: undefined }
        : { startMode: rule.start_mode, state: rule.state },
    );
  }
  return rules;
}

function expectedLabel(rule: PolicyRule): string {
  return rule.state === undefined ? rule.startMode : `${rule.startMode},${rule.state}`;
}

export function evaluatePolicy(
  rules: ReadonlyMap<string, PolicyRule>,
  services: readonly ServiceRecord[],
): PolicyVerdict[] {
  const byKey = new Map(services.map((s) => [serviceKey(s.name), s]));
  return [...rules].map(([name, rule]) => {
    const reason = judge(rule, byKey.get(serviceKey(name)));
    return { name, expected: expectedLabel(rule), compliant: reason === 'compliant', reason };
  });
}

function judge(rule: PolicyRule, service: ServiceRecord | undefined): PolicyReason {
  if (!service) return 'missing';
  if (service.startMode === undefined) return 'unknown_start_mode';
  const modeOk = service.startMode === rule.startMode;
  const stateOk = rule.state === undefined || service.state === rule.state;
  if (modeOk && stateOk) return 'compliant';
  if (!modeOk && !stateOk) return 'start_mode_and_state';
  return modeOk ? 'state' : 'start_mode';
}
