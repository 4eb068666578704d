// koffi declarations for ws2_32.dll (Winsock 2) and the BSD socket calls over them.
// Loaded lazily, only on Windows. SOCKET is a UINT_PTR; it is declared intptr_t here so
// INVALID_SOCKET and SOCKET_ERROR both read as -1.
import type { LibraryHandle } from 'koffi';
import { OsError } from '../errors';
import { loadKoffi } from '../koffi';
import type { Sockets } from '../sockets';

const AF_INET = 2;
const AF_INET6 = 23;
const SOCK_STREAM = 1;
const IPPROTO_TCP = 6;
/** Size of WSADATA on 64-bit Windows (it only grows the buffer we hand over). */
const WSADATA_SIZE = 408;

let cached: Sockets | undefined;

/** Winsock 2.2 for this process (WSAStartup is reference counted), as Sockets. */
export function winsock(): Sockets {
  if (cached) return cached;
  const lib: LibraryHandle = loadKoffi().load('ws2_32.dll');
  const WSAStartup = lib.func('int __stdcall WSAStartup(uint16_t version, void *data)');
  const status = Number(WSAStartup(0x0202, Buffer.alloc(WSADATA_SIZE)));
  if (status !== 0) throw new OsError('WSAStartup', status, `WSAStartup(2.2) failed with ${status}`);
  const socket = lib.func('intptr_t __stdcall socket(int af, int type, int protocol)');
  const bind = lib.func('int __stdcall bind(intptr_t s, const void *addr, int len)');
  const listen = lib.func('int __stdcall listen(intptr_t s, int backlog)');
  const getsockname = lib.func('int __stdcall getsockname(intptr_t s, void *addr, void *len)');
  const connect = lib.func('int __stdcall connect(intptr_t s, const void *addr, int len)');
  const accept = lib.func('intptr_t __stdcall accept(intptr_t s, void *addr, void *len)');
  const send = lib.func('int __stdcall send(intptr_t s, const void *buf, int len, int flags)');
  const recv = lib.func('int __stdcall recv(intptr_t s, void *buf, int len, int flags)');
  const closesocket = lib.func('int __stdcall closesocket(intptr_t s)');
  const WSAGetLastError = lib.func('int __stdcall WSAGetLastError()');
  const check = <T>(call: string, result: T): T => {
    if (Number(result) < 0) throw new OsError(call, Number(WSAGetLastError()));
    return result;
  };
  cached = {
    socket: (family) => check('socket', socket(family === 4 ? AF_INET : AF_INET6, SOCK_STREAM, IPPROTO_TCP)),
    // No SO_REUSEADDR: on Windows it would let the probe steal a port another socket holds.
    allowReuse: () => undefined,
    bind: (s, address) => void check('bind', bind(s, address, address.length)),
    listen: (s, backlog) => void check('listen', listen(s, backlog)),
    localAddress: (s, size) => {
      const address = Buffer.alloc(size);
      const length = Buffer.alloc(4);
      length.writeInt32LE(size, 0);
      check('getsockname', getsockname(s, address, length));
      return address;
    },
    connect: (s, address) => void check('connect', connect(s, address, address.length)),
    accept: (s) => check('accept', accept(s, null, null)),
    send: (s, data) => Number(check('send', send(s, data, data.length, 0))),
    receive: (s, into) => Number(check('recv', recv(s, into, into.length, 0))),
    close: (s) => void closesocket(s),
  };
  return cached;
}
