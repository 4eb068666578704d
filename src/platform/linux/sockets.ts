// BSD sockets over libc, resolved from the global scope like clock_gettime, so an
// LD_PRELOAD shim (the fault-injection tests) interposes them as for any program.
import { OsError } from '../errors';
import type { SocketHandle, Sockets } from '../sockets';
import { errno, libc } from './libc';

const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_STREAM = 1;
const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;

let cached: Sockets | undefined;

export function linuxSockets(): Sockets {
  if (cached) return cached;
  const c = libc();
  const check = (call: string, status: unknown): number => {
    if (Number(status) < 0) throw new OsError(call, errno());
    return Number(status);
  };
  const reuse = Buffer.alloc(4);
  reuse.writeInt32LE(1);
  cached = {
    socket: (family) => check('socket', c.socket(family === 4 ? AF_INET : AF_INET6, SOCK_STREAM, 0)),
    allowReuse: (s) => void check('setsockopt', c.setsockopt(s, SOL_SOCKET, SO_REUSEADDR, reuse, 4)),
    bind: (s, address) => void check('bind', c.bind(s, address, address.length)),
    listen: (s, backlog) => void check('listen', c.listen(s, backlog)),
    localAddress: (s: SocketHandle, size) => {
      const address = Buffer.alloc(size);
      const length = Buffer.alloc(4);
      length.writeUInt32LE(size, 0);
      check('getsockname', c.getsockname(s, address, length));
      return address;
    },
    connect: (s, address) => void check('connect', c.connect(s, address, address.length)),
    accept: (s) => check('accept', c.accept(s, null, null)),
    send: (s, data) => check('send', c.send(s, data, data.length, 0)),
    receive: (s, into) => check('recv', c.recv(s, into, into.length, 0)),
    close: (s) => void c.close(s),
  };
  return cached;
}
