// A waitable timer as the sleep probe's OS sleep. Sleep() returns void, so a sleep that
// never happened (a bad handle, a refused wait) would pass for one that did; a waitable
// timer's calls say what happened. It is the same kind of wait: a plain (not
// CREATE_WAITABLE_TIMER_HIGH_RESOLUTION) timer expires on the system timer tick, as
// Sleep and every timed wait of a Win32 or .NET program do.
import { win32Error } from '../errors';
import { kernel32, lastError } from './kernel32';

const TIMER_MODIFY_STATE = 0x0002;
const SYNCHRONIZE = 0x00100000;
const WAIT_OBJECT_0 = 0;
const WAIT_TIMEOUT = 0x102;

/** How one wait ended: the timer fired, it had not within the bound, or a call failed. */
export type TimerWait =
  | { readonly kind: 'fired' }
  | { readonly kind: 'not_fired' }
  | { readonly kind: 'failed'; readonly call: string; readonly error: number };

export class WaitableTimer {
  private handle: bigint | null;
  private readonly due = Buffer.alloc(8);

  /** An auto-reset timer of this thread's process; throws OsError when none can be made. */
  constructor() {
    this.handle = kernel32().CreateWaitableTimerExW(null, null, 0, TIMER_MODIFY_STATE | SYNCHRONIZE) as
      bigint | null;
    if (!this.handle) throw win32Error('CreateWaitableTimerExW', lastError());
  }

  /**
   * Arms the timer `milliseconds` from now and waits for it, at most `boundMs`: a timer
   * due in 1 ms that has not fired after the bound is a broken wait, not a late one.
   */
  wait(milliseconds: number, boundMs: number): TimerWait {
    const k32 = kernel32();
    // Negative: relative to now, in 100 ns units.
    this.due.writeBigInt64LE(-BigInt(Math.round(milliseconds * 10_000)), 0);
    if (!k32.SetWaitableTimer(this.handle, this.due, 0, null, null, 0)) {
      return { kind: 'failed', call: 'SetWaitableTimer', error: lastError() };
    }
    const result = Number(k32.WaitForSingleObject(this.handle, boundMs));
    if (result === WAIT_OBJECT_0) return { kind: 'fired' };
    if (result === WAIT_TIMEOUT) return { kind: 'not_fired' };
    return { kind: 'failed', call: 'WaitForSingleObject', error: lastError() };
  }

  close(): void {
    if (this.handle) kernel32().CloseHandle(this.handle);
    this.handle = null;
  }
}
