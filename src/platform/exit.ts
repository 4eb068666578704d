// Ends the process at once with a status, through the OS, for the one case where Node's
// own exit would hang: a probe worker still blocked in a system call (a bind() that does
// not return). process.exit() joins every worker thread, and a thread inside a native
// call cannot be joined until the call returns; terminating it instead aborts the
// process (runtime/probe-thread.ts). Both libraries load koffi on first use only.
import { pickBackend, type Platform } from './index';
import { libc } from './linux/libc';
import { kernel32 } from './windows/kernel32';

export function exitNow(code: number, platform: Platform): void {
  pickBackend(
    {
      linux: () => libc()._exit(code),
      windows: () => kernel32().ExitProcess(code),
    },
    platform,
  );
}
