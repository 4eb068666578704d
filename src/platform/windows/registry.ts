// Typed registry reads on Windows.
import { win32Error } from '../errors';
import { advapi32 } from './advapi32';
import { ERROR_FILE_NOT_FOUND } from './errors';

/** HKEY_LOCAL_MACHINE: (HKEY)(ULONG_PTR)(LONG)0x80000002, sign-extended on 64-bit. */
export const HKEY_LOCAL_MACHINE = -2147483646;
const RRF_RT_REG_SZ = 0x00000002;
/** Large enough for any value the exporter reads (W32Time Type, NtpServer). */
const VALUE_BYTES = 2048;

/**
 * A REG_SZ value, or undefined when the key or the value does not exist ("not
 * configured" is an answer, not an error). Throws OsError on any other failure.
 */
export function readRegistryString(root: number, subKey: string, value: string): string | undefined {
  const data = Buffer.alloc(VALUE_BYTES);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(data.length, 0);
  const status = Number(advapi32().RegGetValueW(root, subKey, value, RRF_RT_REG_SZ, null, data, size));
  if (status === ERROR_FILE_NOT_FOUND) return undefined;
  if (status !== 0) throw win32Error(`RegGetValueW(${value})`, status);
  return decodeRegSz(data, size.readUInt32LE(0));
}

/** A REG_SZ value as RegGetValueW returns it: UTF-16LE, NUL-terminated within size. Pure. */
export function decodeRegSz(buf: Buffer, size: number): string {
  const text = buf.subarray(0, Math.min(size, buf.length)).toString('utf16le');
  const nul = text.indexOf('\0');
  return nul >= 0 ? text.slice(0, nul) : text;
}
