// koffi declarations for ws2_32.dll (Winsock 2). Loaded lazily, only on Windows.
// SOCKET is a UINT_PTR; it is declared intptr_t here so INVALID_SOCKET reads as -1.
import type { LibraryHandle } from 'koffi';
import { loadKoffi, type NativeFunction } from '../koffi';

export const AF_INET = 2;
export const AF_INET6 = 23;
export const SOCK_STREAM = 1;
export const IPPROTO_TCP = 6;
export const INVALID_SOCKET = -1;
export const SOCKET_ERROR = -1;
/** Size of WSADATA on 64-bit Windows (it only grows the buffer we hand over). */
const WSADATA_SIZE = 408;

export interface Ws2_32 {
  /** SOCKET socket(int af, int type, int protocol). */
  readonly socket: NativeFunction;
  /** int bind(SOCKET, const sockaddr *, int). */
  readonly bind: NativeFunction;
  /** int listen(SOCKET, int backlog). */
  readonly listen: NativeFunction;
  /** int getsockname(SOCKET, sockaddr *, int *). */
  readonly getsockname: NativeFunction;
  /** int connect(SOCKET, const sockaddr *, int). */
  readonly connect: NativeFunction;
  /** SOCKET accept(SOCKET, sockaddr *, int *): both NULL here. */
  readonly accept: NativeFunction;
  /** int send(SOCKET, const char *, int, int flags). */
  readonly send: NativeFunction;
  /** int recv(SOCKET, char *, int, int flags). */
  readonly recv: NativeFunction;
  /** int closesocket(SOCKET). */
  readonly closesocket: NativeFunction;
  /** int WSAGetLastError(void): the calling thread's last Winsock error. */
  readonly WSAGetLastError: NativeFunction;
}

let cached: Ws2_32 | undefined;

/** Binds ws2_32 and starts Winsock 2.2 for this process (WSAStartup is reference counted). */
export function ws2_32(): Ws2_32 {
  if (cached) return cached;
  const lib: LibraryHandle = loadKoffi().load('ws2_32.dll');
  const WSAStartup = lib.func('int __stdcall WSAStartup(uint16_t version, void *data)');
  const status = WSAStartup(0x0202, Buffer.alloc(WSADATA_SIZE)) as number;
  if (status !== 0) throw new Error(`WSAStartup(2.2) failed with ${status}`);
  cached = {
    socket: lib.func('intptr_t __stdcall socket(int af, int type, int protocol)'),
    bind: lib.func('int __stdcall bind(intptr_t s, const void *addr, int len)'),
    listen: lib.func('int __stdcall listen(intptr_t s, int backlog)'),
    getsockname: lib.func('int __stdcall getsockname(intptr_t s, void *addr, _Inout_ int *len)'),
    connect: lib.func('int __stdcall connect(intptr_t s, const void *addr, int len)'),
    accept: lib.func('intptr_t __stdcall accept(intptr_t s, void *addr, void *len)'),
    send: lib.func('int __stdcall send(intptr_t s, const void *buf, int len, int flags)'),
    recv: lib.func('int __stdcall recv(intptr_t s, void *buf, int len, int flags)'),
    closesocket: lib.func('int __stdcall closesocket(intptr_t s)'),
    WSAGetLastError: lib.func('int __stdcall WSAGetLastError()'),
  };
  return cached;
}
