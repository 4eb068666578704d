// Shapes shared by the services collector (pure parts) and its OS backends (I/O).

/** Start modes, one vocabulary for both platforms (the SCM's names, lower case). */
export const START_MODES = ['boot', 'system', 'auto', 'manual', 'disabled'] as const;
export type StartMode = (typeof START_MODES)[number];

/**
 * States, one vocabulary for both platforms: the SCM's seven states, plus "failed"
 * (systemd only: the SCM reports a crashed service as stopped) and "unknown" (a value
 * this version does not know, so the one-hot still shows something is there).
 */
export const SERVICE_STATES = [
  'running',
  'stopped',
  'start_pending',
  'stop_pending',
  'continue_pending',
  'pause_pending',
  'paused',
  'failed',
  'unknown',
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** One service as a backend reports it. undefined = the host could not tell. */
export interface ServiceRecord {
  /** Windows: the service (key) name; Linux: the unit name without ".service". */
  readonly name: string;
  readonly startMode: StartMode | undefined;
  readonly state: ServiceState;
  /** Windows only: auto start with the delayed flag; undefined where unreadable. */
  readonly delayedStart: boolean | undefined;
  /** Windows only: start triggers configured; undefined where unreadable. */
  readonly triggerStart: boolean | undefined;
}

/** A listing as cheap as the OS allows: names and states, start modes on request. */
export interface ServiceBackend {
  /**
   * Lists the services whose name passes `wanted`, reading the per-service details
   * (start mode, flags) only for those: they cost one or more calls each.
   */
  collect(wanted: (name: string) => boolean, signal?: AbortSignal): Promise<ServiceRecord[]>;
  /** Gaps the backend found (an API level the host lacks), each logged once. */
  readonly notices: string[];
  close?(): void;
}

export interface PolicyRule {
  readonly startMode: StartMode;
  readonly state: ServiceState | undefined;
}

export type PolicyReason =
  'compliant' | 'start_mode' | 'state' | 'start_mode_and_state' | 'missing' | 'unknown_start_mode';

export interface PolicyVerdict {
  readonly name: string;
  /** "auto", or "auto,running" when the rule names a state too. */
  readonly expected: string;
  readonly compliant: boolean;
  readonly reason: PolicyReason;
}
