// The one error an OS call made through src/platform throws: which call failed and the
// number the OS gave for it (errno on Linux; GetLastError, WSAGetLastError, NTSTATUS or a
// PDH status on Windows). Callers that tell failures apart compare osCode.
export class OsError extends Error {
  constructor(
    readonly call: string,
    readonly osCode: number,
    message = `${call} failed with OS error ${osCode}`,
  ) {
    super(message);
  }
}

/** A Linux call that failed with errno. */
export function errnoError(call: string, errno: number): OsError {
  return new OsError(call, errno, `${call} failed (errno ${errno})`);
}

/** A Windows call that failed with a Win32 error code (GetLastError, or the status it returned). */
export function win32Error(call: string, code: number): OsError {
  return new OsError(call, code, `${call} failed (error ${code})`);
}
