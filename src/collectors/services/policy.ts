// The desired state an operator configured, checked against what the host reports. Pure.
// A rule for a service the host does not have is a finding (reason "missing"), never
// silently dropped: a policy that says W32Time must be automatic is violated by a host
// without W32Time.
import { z } from 'zod';
import { serviceKey } from './selection';
import {
  SERVICE_STATES,
  START_MODES,
  type PolicyReason,
  type PolicyRule,
  type PolicyVerdict,
  type ServiceRecord,
} from './types';

const startModeSchema = z.enum(START_MODES);
/** What a policy may expect: any state but "unknown", which no one configures. */
const stateSchema = z.enum(SERVICE_STATES).exclude(['unknown']);

/** A rule is a start mode ("auto") or a mapping ({ start_mode: auto, state: running }). */
export const policySchema = z
  .record(
    z.string().min(1),
    z.union([
      startModeSchema,
      z.strictObject({ start_mode: startModeSchema, state: stateSchema.optional() }),
    ]),
  )
  .default({});

export type PolicyConfig = z.infer<typeof policySchema>;

export const POLICY_ACCEPTS = `a mapping of service name to a start mode (${START_MODES.join(', ')}) or to { start_mode, state } with state one of ${stateSchema.options.join(', ')}`;

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
