// koffi declarations for wevtapi.dll (the Windows event log API). Loaded lazily, only
// on Windows. EVT_HANDLEs are pointer-sized integers (0 = NULL), so the handle array
// EvtNext fills is a plain Buffer of 8-byte values.
import type { LibraryHandle } from 'koffi';
import { loadKoffi, type NativeFunction } from '../koffi';

export const EVT_QUERY_CHANNEL_PATH = 0x1;
export const EVT_QUERY_FORWARD_DIRECTION = 0x100;
export const EVT_QUERY_REVERSE_DIRECTION = 0x200;
export const EVT_QUERY_TOLERATE_QUERY_ERRORS = 0x1000;
export const EVT_RENDER_EVENT_XML = 1;
export const EVT_RENDER_BOOKMARK = 2;
export const EVT_SEEK_RELATIVE_TO_BOOKMARK = 4;
export const ERROR_NO_MORE_ITEMS = 259;
export const ERROR_INSUFFICIENT_BUFFER = 122;

export interface Wevtapi {
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

export function wevtapi(): Wevtapi {
  if (cached) return cached;
  const lib: LibraryHandle = loadKoffi().load('wevtapi.dll');
  cached = {
    EvtQuery: lib.func(
      'intptr_t __stdcall EvtQuery(intptr_t session, const char16_t *path, const char16_t *query, uint32_t flags)',
    ),
    EvtNext: lib.func(
      'int __stdcall EvtNext(intptr_t results, uint32_t size, _Out_ void *events, uint32_t timeout, uint32_t flags, _Out_ uint32_t *returned)',
    ),
    EvtSeek: lib.func(
      'int __stdcall EvtSeek(intptr_t results, int64_t position, intptr_t bookmark, uint32_t timeout, uint32_t flags)',
    ),
    EvtRender: lib.func(
      'int __stdcall EvtRender(intptr_t context, intptr_t fragment, uint32_t flags, uint32_t size, _Out_ void *buffer, _Out_ uint32_t *used, _Out_ uint32_t *count)',
    ),
    EvtCreateBookmark: lib.func('intptr_t __stdcall EvtCreateBookmark(const char16_t *bookmarkXml)'),
    EvtUpdateBookmark: lib.func('int __stdcall EvtUpdateBookmark(intptr_t bookmark, intptr_t event)'),
    EvtClose: lib.func('int __stdcall EvtClose(intptr_t handle)'),
  };
  return cached;
}
