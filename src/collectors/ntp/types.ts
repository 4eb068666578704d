// Shapes shared by the NTP probe's pure parts (packet, sample, round) and its I/O.

/** A configured server: what to resolve and where to send, and its label value. */
export interface NtpServer {
  /** Host name or IP literal, without brackets. */
  readonly host: string;
  readonly port: number;
  /** host:port ([v6]:port for IPv6 literals): the `server` label. */
  readonly label: string;
}

/** The fields of a server's reply (RFC 5905 figure 8); timestamps as raw 32.32 values. */
export interface NtpPacket {
  readonly leap: number;
  readonly version: number;
  readonly mode: number;
  readonly stratum: number;
  /** log2 seconds, signed. */
  readonly precision: number;
  readonly rootDelaySeconds: number;
  readonly rootDispersionSeconds: number;
  /** The four raw bytes of the Reference ID. */
  readonly referenceId: Buffer;
  readonly originate: bigint;
  readonly receive: bigint;
  readonly transmit: bigint;
}

/** Wall time pinned to monotonic time by the narrowest bracket of a read (clock/). */
export interface WallReading {
  readonly wallNs: bigint;
  /** Monotonic time (ns) at which wallNs was read: the bracket's midpoint. */
  readonly monoNs: bigint;
  /** Width of the bracket in ns: how precisely wallNs is pinned. */
  readonly widthNs: number;
}

/** What one request/reply exchange saw, before any judgement. */
export type Exchange =
  | {
      readonly kind: 'reply';
      readonly packet: Buffer;
      /** The random Transmit Timestamp sent, which the server must echo as Originate. */
      readonly nonce: bigint;
      /** Monotonic ns just before the send and when the reply reached JavaScript. */
      readonly sentMonoNs: bigint;
      readonly receivedMonoNs: bigint;
      readonly wall: WallReading;
    }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network'; readonly code: string };

export const ERROR_REASONS = [
  'resolve',
  'network',
  'timeout',
  'bad_reply',
  'unsynchronized',
  'kiss_of_death',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/** What a server said about itself in a reply that passed the basic checks. */
export interface ServerState {
  readonly stratum: number;
  readonly leap: number;
  readonly rootDelaySeconds: number;
  readonly rootDispersionSeconds: number;
  /** ASCII code (stratum 0 and 1) or dotted IPv4 / hash (stratum 2+). */
  readonly referenceId: string;
}

/** A usable sample: the four-timestamp result. */
export interface NtpSample {
  /** Server minus local, seconds: positive when the local clock is behind. */
  readonly offsetSeconds: number;
  readonly delaySeconds: number;
  /** delay / 2 + bracket width: the most the offset can be wrong against this server. */
  readonly errorBoundSeconds: number;
  readonly server: ServerState;
}

/** The judgement of one exchange. */
export type SampleResult =
  | { readonly ok: true; readonly sample: NtpSample }
  | {
      readonly ok: false;
      readonly reason: ErrorReason;
      /** Kiss-o'-death code (RATE, DENY, ...) when reason is kiss_of_death. */
      readonly kissCode?: string;
      /** What an unsynchronized server said about itself. */
      readonly server?: ServerState;
      readonly detail: string;
    };

/** One round against one server: several exchanges, the least-delayed sample kept. */
export interface RoundResult {
  readonly server: NtpServer;
  /** The address the name resolved to this round, when it resolved. */
  readonly address: string | undefined;
  readonly requests: number;
  readonly best: NtpSample | undefined;
  readonly failures: readonly Extract<SampleResult, { ok: false }>[];
}
