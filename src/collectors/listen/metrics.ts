// The listen family. HELP strings name the data source and the unit.
import type { Registers } from '../../runtime/metrics';
import { counter, gauge, histogram } from '../../runtime/metrics';

export function listenMetrics(registers: Registers) {
  return {
    duration: histogram<'target' | 'phase'>(registers, {
      name: 'hostwatch_listen_duration_seconds',
      help: 'Seconds each phase of a background listen probe took, on the monotonic clock (socket: create the listening and client sockets; bind; listen; connect: client connect over loopback; accept; exchange: one byte client to server; total: the whole run including close). Probes run in a worker thread between scrapes; a probe that returns after its timeout is observed once, when it returns.',
      labelNames: ['target', 'phase'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 5, 30],
    }),
    probes: counter<'target' | 'result'>(registers, {
      name: 'hostwatch_listen_probes_total',
      help: 'Background listen probes run, by target and result (success; error: an OS call failed; timeout: no answer within the target timeout).',
      labelNames: ['target', 'result'],
    }),
    errors: counter<'target' | 'code'>(registers, {
      name: 'hostwatch_listen_errors_total',
      help: 'Background listen probes that failed, by target and OS error code (errno on Linux and WSA codes on Windows, mapped to the same labels: EADDRINUSE, EACCES, EADDRNOTAVAIL, ...; OTHER for the rest).',
      labelNames: ['target', 'code'],
    }),
    up: gauge<'target'>(registers, {
      name: 'hostwatch_listen_up',
      help: 'Whether the last background listen probe of the target succeeded within its timeout (1) or failed or timed out (0). Absent until the first probe ends.',
      labelNames: ['target'],
    }),
    blocked: gauge<'target'>(registers, {
      name: 'hostwatch_listen_blocked',
      help: 'Whether a listen probe of the target has outlived its timeout and its OS call has not yet returned (1), or not (0); no new probe of the target starts meanwhile.',
      labelNames: ['target'],
    }),
    blockedSeconds: gauge<'target'>(registers, {
      name: 'hostwatch_listen_blocked_seconds',
      help: 'Seconds since the blocked listen probe of the target started, measured on the monotonic clock at scrape time; 0 when no probe is blocked.',
      labelNames: ['target'],
    }),
    targetInfo: gauge<'target' | 'address' | 'port' | 'expect'>(registers, {
      name: 'hostwatch_listen_target_info',
      help: 'Configured listen probe targets: address, port (0: ephemeral) and what is expected of the port (free, in_use_ok). Always 1.',
      labelNames: ['target', 'address', 'port', 'expect'],
    }),
    timeout: gauge<'target'>(registers, {
      name: 'hostwatch_listen_timeout_seconds',
      help: 'Configured timeout in seconds after which a listen probe of the target counts as a timeout.',
      labelNames: ['target'],
    }),
  };
}

export type ListenMetrics = ReturnType<typeof listenMetrics>;
