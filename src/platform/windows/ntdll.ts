// koffi declarations for ntdll.dll. Loaded lazily, only on Windows.
import type { LibraryHandle } from 'koffi';
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
export const RTL_OSVERSIONINFOW_SIZE = 276;

let cached: Ntdll | undefined;

export function ntdll(): Ntdll {
  if (cached) return cached;
  const lib: LibraryHandle = loadKoffi().load('ntdll.dll');
  cached = {
    NtQueryTimerResolution: lib.func(
      'int32_t __stdcall NtQueryTimerResolution(_Out_ uint32_t *coarsest, _Out_ uint32_t *finest, _Out_ uint32_t *current)',
    ),
    RtlGetVersion: lib.func('int32_t __stdcall RtlGetVersion(_Inout_ void *info)'),
  };
  return cached;
}
