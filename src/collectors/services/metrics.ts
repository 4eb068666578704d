// The services family. HELP strings name the data source; every value is 0 or 1.
import type { Registers } from '../../runtime/metrics';
import { gauge } from '../../runtime/metrics';

export function servicesMetrics(registers: Registers) {
  return {
    startMode: gauge<'name' | 'start_mode'>(registers, {
      name: 'hostwatch_service_start_mode',
      help: 'Configured start mode of a service, one-hot over boot, system, auto, manual and disabled (Windows: QueryServiceConfigW start type; Linux: systemd UnitFileState, mapped as docs/collectors/services.md shows). Absent when the host does not say.',
      labelNames: ['name', 'start_mode'],
    }),
    delayedStart: gauge<'name'>(registers, {
      name: 'hostwatch_service_delayed_start',
      help: 'Windows: 1 when a service starts automatically with a delay (auto start plus the QueryServiceConfig2W delayed auto-start flag), else 0. Absent on Linux and where the SCM cannot report it (Wine).',
      labelNames: ['name'],
    }),
    triggerStart: gauge<'name'>(registers, {
      name: 'hostwatch_service_trigger_start',
      help: 'Windows: 1 when a service has start triggers configured (QueryServiceConfig2W trigger info), else 0. Absent on Linux and where the SCM cannot report it (Wine).',
      labelNames: ['name'],
    }),
    state: gauge<'name' | 'state'>(registers, {
      name: 'hostwatch_service_state',
      help: 'Current state of a service, one-hot (Windows: SCM current state; Linux: systemd ActiveState; failed is Linux only, unknown is a value this version cannot map).',
      labelNames: ['name', 'state'],
    }),
    policyCompliant: gauge<'name' | 'expected' | 'reason'>(registers, {
      name: 'hostwatch_service_policy_compliant',
      help: 'Whether a service matches the configured policy: 1 when its start mode (and state, when the policy names one) match; 0 otherwise, with reason start_mode, state, start_mode_and_state, missing (no such service on the host) or unknown_start_mode.',
      labelNames: ['name', 'expected', 'reason'],
    }),
  };
}

export type ServicesMetrics = ReturnType<typeof servicesMetrics>;
