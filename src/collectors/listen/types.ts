// Shapes shared by the listen collector (main thread), its probe (a task of the probe
// thread's worker) and the thin OS socket backends.
import type { Sockets } from '../../platform/sockets';

export const PHASES = ['socket', 'bind', 'listen', 'connect', 'accept', 'exchange', 'total'] as const;
export type Phase = (typeof PHASES)[number];

export const EXPECTATIONS = ['free', 'in_use_ok'] as const;
export type Expectation = (typeof EXPECTATIONS)[number];

/** One configured probe target, resolved (defaults applied). */
export interface ListenTarget {
  /** Label value and /probe?target= name. */
  readonly name: string;
  /** An IP literal: IPv4, IPv6 (no brackets), or a wildcard (0.0.0.0, ::). */
  readonly address: string;
  /** 0 lets the OS choose an ephemeral port. */
  readonly port: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  /** free: the port must be bindable; in_use_ok: EADDRINUSE means the owner holds it. */
  readonly expect: Expectation;
}

/** What the probe task needs to run one probe: the address, nothing about scheduling. */
export interface ProbeSpec {
  readonly address: string;
  readonly port: number;
  readonly expect: Expectation;
}

/** A failed OS call: the phase it failed in, its stable label and the raw number. */
export interface ProbeFailure {
  readonly phase: Exclude<Phase, 'total'>;
  /** Stable label value shared by Linux and Windows (EADDRINUSE, EACCES, ...). */
  readonly code: string;
  /** errno on Linux, WSAGetLastError() on Windows; for the log line only. */
  readonly osCode: number;
}

/** What one probe run measured. Phases that did not run are absent. */
export interface ProbeResult {
  readonly durations: Partial<Record<Phase, number>>;
  /** undefined when every phase succeeded. */
  readonly failure: ProbeFailure | undefined;
  /** in_use_ok targets: bind said EADDRINUSE, which is what was expected. */
  readonly inUse: boolean;
}

/** How a run ended from the caller's point of view. */
export type ProbeOutcome =
  | { readonly kind: 'done'; readonly result: ProbeResult }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'blocked'; readonly blockedSeconds: number };

/** The socket calls a probe makes on this OS, and how its error numbers map to labels. */
export interface SocketApi {
  readonly sockets: Sockets;
  readonly platform: 'linux' | 'windows';
  /** Turns a raw error number into the stable label value. */
  classify(osCode: number): string;
}
