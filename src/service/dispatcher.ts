// The process the SCM started, answering the SCM itself (docs/windows.md, "Running as a
// Windows service", says why it is built this way).
//
// StartServiceCtrlDispatcherW blocks the thread that calls it until the service has
// stopped, so it runs on a libuv pool thread through koffi's `.async`; the JS thread
// stays free. The SCM calls ServiceMain on a thread of its own and HandlerEx on the
// dispatcher's thread; both are koffi registered callbacks, which koffi queues to the JS
// thread while the native thread waits. So every piece of service logic below runs on
// the JS thread, and a callback must return promptly and never wait for the native
// thread that is waiting for it: ServiceMain starts the exporter and returns; the
// handler reports STOP_PENDING, schedules the shutdown and returns; STOPPED is reported
// from the event loop afterwards (Wine's dispatcher holds a lock around the handler that
// SetServiceStatus(SERVICE_STOPPED) takes, so reporting it from inside would deadlock).
import type { Logger } from '../log';
import { serviceDispatcher, type ServiceDispatcher } from '../platform/windows/service-control';
import {
  CONTROL,
  encodeStatus,
  ERROR_CALL_NOT_IMPLEMENTED,
  NO_ERROR,
  STATE,
  StatusSequence,
  stateName,
  type ServiceStatus,
} from './status';

/** What runs inside the service: started once, closed once. */
export interface ServiceBody {
  start(): Promise<{ close(): Promise<void> }>;
  /**
   * Called last, just before STOPPED is reported: after STOPPED the SCM may end the
   * process at once (Wine does at shutdown, Windows may), so nothing may come later.
   */
  beforeStopped(exitCode: number): Promise<void>;
}

export interface DispatchResult {
  /** False when the process was not started by the SCM (no ServiceMain call came). */
  readonly connected: boolean;
  /** 0 after a clean stop, 1 when the body failed to start or to stop. */
  readonly exitCode: number;
}

const START_WAIT_HINT_MS = 30_000;
const STOP_WAIT_HINT_MS = 15_000;
const CHECKPOINT_EVERY_MS = 1_000;

export function dispatchService(
  name: string,
  body: ServiceBody,
  log: Logger,
  api: ServiceDispatcher = serviceDispatcher(),
): Promise<DispatchResult> {
  return new ServiceRun(name, body, log, api).dispatch();
}

class ServiceRun {
  private readonly sequence = new StatusSequence();
  private handle = 0n;
  private heartbeat: NodeJS.Timeout | undefined;
  private running: { close(): Promise<void> } | undefined;
  private stopping = false;
  private connected = false;
  private exitCode = 0;

  constructor(
    private readonly name: string,
    private readonly body: ServiceBody,
    private readonly log: Logger,
    private readonly api: ServiceDispatcher,
  ) {}

  dispatch(): Promise<DispatchResult> {
    return new Promise((resolve) => {
      this.api.dispatch(
        this.name,
        () => this.serviceMain(),
        (control) => this.onControl(control),
        (error) => {
          this.stopHeartbeat();
          if (error) this.log.error('StartServiceCtrlDispatcherW failed', { error: String(error) });
          resolve({ connected: this.connected, exitCode: this.exitCode });
        },
      );
    });
  }

  /** On the JS thread, while the SCM's thread waits: register, report, start, return. */
  private serviceMain(): void {
    this.connected = true;
    this.log.info('service start requested by the SCM', { process_uptime_seconds: process.uptime() });
    try {
      this.handle = this.api.registerHandler(this.name);
    } catch (error) {
      this.log.error('RegisterServiceCtrlHandlerExW failed', { error: describe(error) });
      return;
    }
    this.pending(STATE.start_pending, START_WAIT_HINT_MS);
    this.body.start().then(
      (running) => {
        this.running = running;
        this.stopHeartbeat();
        this.report(this.sequence.enter(STATE.running));
      },
      (error: unknown) => {
        this.log.error('the exporter failed to start', { error: describe(error) });
        this.finish(1);
      },
    );
  }

  /** HandlerEx, on the JS thread while the dispatcher's thread waits for the answer. */
  private onControl(control: number): number {
    if (control === CONTROL.interrogate) return NO_ERROR;
    if (control !== CONTROL.stop && control !== CONTROL.shutdown) return ERROR_CALL_NOT_IMPLEMENTED;
    const which = control === CONTROL.stop ? 'SERVICE_CONTROL_STOP' : 'SERVICE_CONTROL_SHUTDOWN';
    this.log.info('service control received', { control: which });
    if (this.stopping || !this.running) return NO_ERROR;
    this.stopping = true;
    this.pending(STATE.stop_pending, STOP_WAIT_HINT_MS);
    const running = this.running;
    setImmediate(() => {
      running.close().then(
        () => this.finish(0),
        (error: unknown) => {
          this.log.error('the exporter did not close cleanly', { error: describe(error) });
          this.finish(1);
        },
      );
    });
    return NO_ERROR;
  }

  /** A pending state, with its check point advanced every second until the next state. */
  private pending(state: number, waitHintMs: number): void {
    this.stopHeartbeat();
    this.report(this.sequence.enter(state, { waitHintMs }));
    this.heartbeat = setInterval(() => {
      const status = this.sequence.progress();
      if (status) this.report(status, false);
    }, CHECKPOINT_EVERY_MS);
  }

  /** The last report: logged first, since nothing may run after it. */
  private finish(exitCode: number): void {
    this.stopHeartbeat();
    this.exitCode = exitCode;
    const stopped = this.sequence.enter(STATE.stopped, { exitCode });
    this.log.info('service status reported', { state: 'STOPPED', exit_code: exitCode });
    // setImmediate: after the log lines queued so far (winston hands them on in a later
    // tick) have reached the file.
    void this.body
      .beforeStopped(exitCode)
      .catch(() => undefined)
      .then(() => setImmediate(() => this.report(stopped, false)));
  }

  private report(status: ServiceStatus, log = true): void {
    const error = this.api.setStatus(this.handle, encodeStatus(status));
    const state = stateName(status.state).toUpperCase();
    if (error) this.log.error('SetServiceStatus failed', { state, code: error });
    else if (log)
      this.log.info('service status reported', { state, exit_code: status.serviceSpecificExitCode });
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
