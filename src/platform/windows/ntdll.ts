// koffi declarations for ntdll.dll and the typed calls over them. Loaded lazily, only on
// Windows.
import type { LibraryHandle } from 'koffi';
import { OsError } from '../errors';
import { loadKoffi, type NativeFunction } from '../koffi';

export interface Ntdll {
  /**
   * NTSTATUS NtQueryTimerResolution(ULONG *MinimumResolution, ULONG *MaximumResolution,
   * ULONG *CurrentResolution), in 100 ns units. NT names them by resolution, not by
   * interval: the "minimum resolution" is the LONGEST interval (coarsest, 156250 =
   * 15.625 ms) and the "maximum resolution" the SHORTEST (finest, typically 5000 =
   * 0.5 ms). The parameter names below say what each one is in our terms.
   */
  readonly NtQueryTimerResolution: NativeFunction;
  /**
   * NTSTATUS RtlGetVersion(RTL_OSVERSIONINFOW *): the real OS version, not the one a
   * compatibility manifest would make GetVersionEx report.
   */
  readonly RtlGetVersion: NativeFunction;
}

/** sizeof(RTL_OSVERSIONINFOW): 5 DWORDs and WCHAR szCSDVersion[128]. */
const RTL_OSVERSIONINFOW_SIZE = 276;
const BUILD_NUMBER_OFFSET = 12;
const HUNDRED_NS = 100e-9;

let cached: Ntdll | undefined;

export function ntdll(): Ntdll {
  if (cached) return cached;
  const lib: LibraryHandle = loadKoffi().load('ntdll.dll');
  cached = {
    NtQueryTimerResolution: lib.func(
      'int32_t __stdcall NtQueryTimerResolution(void *coarsest, void *finest, void *current)',
    ),
    RtlGetVersion: lib.func('int32_t __stdcall RtlGetVersion(void *info)'),
  };
  return cached;
}

/** Timer interrupt periods in seconds (see NtQueryTimerResolution above for the names). */
export interface TimerResolution {
  readonly coarsest: number;
  readonly finest: number;
  readonly current: number;
}

export function timerResolution(): TimerResolution {
  const [coarsest, finest, current] = [Buffer.alloc(4), Buffer.alloc(4), Buffer.alloc(4)];
  const status = Number(ntdll().NtQueryTimerResolution(coarsest, finest, current));
  if (status !== 0) {
    const hex = (status >>> 0).toString(16);
    throw new OsError('NtQueryTimerResolution', status, `NtQueryTimerResolution failed (NTSTATUS 0x${hex})`);
  }
  const seconds = (b: Buffer) => b.readUInt32LE(0) * HUNDRED_NS;
  return { coarsest: seconds(coarsest), finest: seconds(finest), current: seconds(current) };
}

/** The real build number (RtlGetVersion ignores compatibility manifests); undefined if it fails. */
export function osBuildNumber(): number | undefined {
  const info = Buffer.alloc(RTL_OSVERSIONINFOW_SIZE);
  info.writeUInt32LE(RTL_OSVERSIONINFOW_SIZE, 0);
  if (ntdll().RtlGetVersion(info) !== 0) return undefined;
  return info.readUInt32LE(BUILD_NUMBER_OFFSET);
}
