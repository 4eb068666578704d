// koffi declarations for wevtapi.dll (the Windows event log API) and the typed calls over
// them. Loaded lazily, only on Windows. EVT_HANDLEs are pointer-sized integers (0 = NULL),
// so the handle array EvtNext fills is a Buffer of 8-byte values.
import type { LibraryHandle } from 'koffi';
import { win32Error } from '../errors';
import { loadKoffi, type NativeFunction } from '../koffi';
import { ERROR_INSUFFICIENT_BUFFER, ERROR_NO_MORE_ITEMS } from './errors';
import { lastError } from './kernel32';

export const EVT_QUERY_CHANNEL_PATH = 0x1;
export const EVT_QUERY_FORWARD_DIRECTION = 0x100;
export const EVT_QUERY_REVERSE_DIRECTION = 0x200;
export const EVT_QUERY_TOLERATE_QUERY_ERRORS = 0x1000;
export const EVT_RENDER_EVENT_XML = 1;
export const EVT_RENDER_BOOKMARK = 2;
const EVT_SEEK_RELATIVE_TO_BOOKMARK = 4;
const RENDER_START_BYTES = 8192;

interface Wevtapi {
  /** EVT_HANDLE EvtQuery(EVT_HANDLE session, LPCWSTR path, LPCWSTR query, DWORD flags). */
  readonly EvtQuery: NativeFunction;
  /** BOOL EvtNext(EVT_HANDLE results, DWORD size, EVT_HANDLE *events, DWORD timeout, DWORD flags, PDWORD returned). */
  readonly EvtNext: NativeFunction;
  /** BOOL EvtSeek(EVT_HANDLE results, LONGLONG position, EVT_HANDLE bookmark, DWORD timeout, DWORD flags). */
  readonly EvtSeek: NativeFunction;
  /** BOOL EvtRender(EVT_HANDLE context, EVT_HANDLE fragment, DWORD flags, DWORD size, PVOID buffer, PDWORD used, PDWORD count). */
  readonly EvtRender: NativeFunction;
  /** EVT_HANDLE EvtCreateBookmark(LPCWSTR bookmarkXml): NULL XML makes an empty one. */
  readonly EvtCreateBookmark: NativeFunction;
  /** BOOL EvtUpdateBookmark(EVT_HANDLE bookmark, EVT_HANDLE event). */
  readonly EvtUpdateBookmark: NativeFunction;
  /** BOOL EvtClose(EVT_HANDLE). */
  readonly EvtClose: NativeFunction;
}

let cached: Wevtapi | undefined;

function wevtapi(): Wevtapi {
  if (cached) return cached;
  const lib: LibraryHandle = loadKoffi().load('wevtapi.dll');
  cached = {
    EvtQuery: lib.func(
      'intptr_t __stdcall EvtQuery(intptr_t session, const char16_t *path, const char16_t *query, uint32_t flags)',
    ),
    EvtNext: lib.func(
      'int __stdcall EvtNext(intptr_t results, uint32_t size, void *events, uint32_t timeout, uint32_t flags, void *returned)',
    ),
    EvtSeek: lib.func(
      'int __stdcall EvtSeek(intptr_t results, int64_t position, intptr_t bookmark, uint32_t timeout, uint32_t flags)',
    ),
    EvtRender: lib.func(
      'int __stdcall EvtRender(intptr_t context, intptr_t fragment, uint32_t flags, uint32_t size, void *buffer, void *used, void *count)',
    ),
    EvtCreateBookmark: lib.func('intptr_t __stdcall EvtCreateBookmark(const char16_t *bookmarkXml)'),
    EvtUpdateBookmark: lib.func('int __stdcall EvtUpdateBookmark(intptr_t bookmark, intptr_t event)'),
    EvtClose: lib.func('int __stdcall EvtClose(intptr_t handle)'),
  };
  return cached;
}

/** An EVT_HANDLE; never 0 when a call returns one. */
export type EvtHandle = number;

/** For a call that returned NULL/FALSE. Wine's stubs often leave GetLastError at 0. */
function failed(call: string): Error {
  return win32Error(call, lastError());
}

/** EvtQuery on the local log; `flags` are the EVT_QUERY_* above. */
export function evtQuery(structuredQuery: string, flags: number): EvtHandle {
  const results = Number(wevtapi().EvtQuery(0, null, structuredQuery, flags));
  if (!results) throw failed('EvtQuery');
  return results;
}

/** Up to `batch` event handles; an empty list at the end of the results. */
export function evtNext(results: EvtHandle, batch: number, timeoutMs: number): EvtHandle[] {
  const handles = Buffer.alloc(8 * batch);
  const returned = Buffer.alloc(4);
  if (!wevtapi().EvtNext(results, batch, handles, timeoutMs, 0, returned)) {
    const error = lastError();
    if (error === ERROR_NO_MORE_ITEMS) return [];
    throw win32Error('EvtNext', error);
  }
  return Array.from({ length: returned.readUInt32LE(0) }, (_, i) => Number(handles.readBigUInt64LE(8 * i)));
}

/** Moves the results to the event after the one the bookmark names. */
export function evtSeekAfterBookmark(results: EvtHandle, bookmark: EvtHandle): void {
  if (!wevtapi().EvtSeek(results, 1, bookmark, 0, EVT_SEEK_RELATIVE_TO_BOOKMARK)) throw failed('EvtSeek');
}

/** EvtRender into a growing buffer; the result is the UTF-16LE text without its NULs. */
export function evtRender(handle: EvtHandle, flags: number): string {
  let buf = Buffer.alloc(RENDER_START_BYTES);
  const used = Buffer.alloc(4);
  const count = Buffer.alloc(4);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (wevtapi().EvtRender(0, handle, flags, buf.length, buf, used, count)) {
      return buf.subarray(0, used.readUInt32LE(0)).toString('utf16le').replace(/\0+$/, '');
    }
    const error = lastError();
    if (error !== ERROR_INSUFFICIENT_BUFFER) throw win32Error('EvtRender', error);
    buf = Buffer.alloc(used.readUInt32LE(0) || buf.length * 2);
  }
  throw new Error('EvtRender: buffer still too small');
}

/** EvtCreateBookmark from saved XML, or an empty bookmark for null. */
export function evtCreateBookmark(xml: string | null): EvtHandle {
  const bookmark = Number(wevtapi().EvtCreateBookmark(xml));
  if (!bookmark) throw failed('EvtCreateBookmark');
  return bookmark;
}

export function evtUpdateBookmark(bookmark: EvtHandle, event: EvtHandle): void {
  if (!wevtapi().EvtUpdateBookmark(bookmark, event)) throw failed('EvtUpdateBookmark');
}

export function evtClose(handle: EvtHandle): void {
  wevtapi().EvtClose(handle);
}
