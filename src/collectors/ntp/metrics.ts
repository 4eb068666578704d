// The ntp family. HELP strings name the data source and the unit. Every series carries
// the server label as configured (host:port).
import type { Registers } from '../../runtime/metrics';
import { counter, gauge } from '../../runtime/metrics';

const SOURCE = 'from the reply with the smallest round-trip delay of the last round that produced one';

export function ntpMetrics(registers: Registers) {
  const perServer = (name: string, help: string) =>
    gauge<'server'>(registers, { name, help, labelNames: ['server'] });
  return {
    offset: perServer(
      'hostwatch_ntp_offset_seconds',
      `Offset in seconds of the server's clock from this host's wall clock (server minus local: positive when the local clock is behind), measured by this exporter's SNTP probe ${SOURCE}; absent once no reply has been usable for 3 intervals.`,
    ),
    delay: perServer(
      'hostwatch_ntp_round_trip_delay_seconds',
      `Round-trip delay in seconds of the SNTP exchange, (T4 - T1) - (T3 - T2) with T1 and T4 taken on the monotonic clock, ${SOURCE}.`,
    ),
    errorBound: perServer(
      'hostwatch_ntp_offset_error_bound_seconds',
      `Most the measured offset can be wrong against the server, in seconds: half the round-trip delay plus the width of the (monotonic, wall, monotonic) bracket the wall clock was read with, ${SOURCE}.`,
    ),
    stratum: perServer(
      'hostwatch_ntp_stratum',
      'Stratum the server reported in its last reply (1: attached to a reference clock; 16 or 0: unsynchronized).',
    ),
    rootDelay: perServer(
      'hostwatch_ntp_root_delay_seconds',
      'Root delay in seconds the server reported in its last usable reply: the round trip from the server to its reference clock.',
    ),
    rootDispersion: perServer(
      'hostwatch_ntp_root_dispersion_seconds',
      'Root dispersion in seconds the server reported in its last usable reply: its own error bound against its reference clock.',
    ),
    leap: perServer(
      'hostwatch_ntp_leap_indicator',
      'Leap indicator the server reported in its last reply: 0 none, 1 the last minute of the day has 61 seconds, 2 it has 59, 3 the server is unsynchronized.',
    ),
    info: gauge<'server' | 'address' | 'reference_id'>(registers, {
      name: 'hostwatch_ntp_server_info',
      help: "The address the server's name resolved to in the last round and the Reference ID of its last reply (upstream IPv4 address, or a code such as GPS or LOCL at stratum 1). Always 1.",
      labelNames: ['server', 'address', 'reference_id'],
    }),
    up: perServer(
      'hostwatch_ntp_up',
      'Whether the last probe round of the server produced at least one usable reply (1) or none (0); absent before the first round.',
    ),
    requests: counter<'server'>(registers, {
      name: 'hostwatch_ntp_requests_total',
      help: 'SNTP requests the probe sent to the server (UDP datagrams).',
      labelNames: ['server'],
    }),
    errors: counter<'server' | 'reason'>(registers, {
      name: 'hostwatch_ntp_errors_total',
      help: 'Failed SNTP exchanges, by reason: resolve (name lookup failed; no request sent), network (socket error such as ICMP port unreachable), timeout (no reply within the reply timeout), bad_reply (malformed, not mode 4, Originate not our request, timestamps inconsistent), unsynchronized (leap 3, stratum 0 or 16), kiss_of_death (see hostwatch_ntp_kiss_of_death_total).',
      labelNames: ['server', 'reason'],
    }),
    kissOfDeath: counter<'server' | 'code'>(registers, {
      name: 'hostwatch_ntp_kiss_of_death_total',
      help: "Kiss-o'-death replies (stratum 0 with a kiss code) by code: the RFC 5905 codes (RATE, DENY, RSTR, ...) or other. After RATE the server is probed half as often (up to 16 times less), after DENY or RSTR not again until the exporter restarts.",
      labelNames: ['server', 'code'],
    }),
    lastSuccess: perServer(
      'hostwatch_ntp_last_success_timestamp_seconds',
      'Unix time in seconds (from the local wall clock) of the end of the last round that produced a usable reply.',
    ),
  };
}

export type NtpMetrics = ReturnType<typeof ntpMetrics>;
