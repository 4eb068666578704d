// Linux socket backend: libc through koffi, one blocking call per phase. SO_REUSEADDR is
// set as every Linux server does (Node, Go): it lets a fixed probe port be bound again
// while earlier probe connections sit in TIME_WAIT, and still refuses a port that another
// socket is listening on (EADDRINUSE).
import {
  AF_INET,
  AF_INET6,
  SOCK_STREAM,
  SOL_SOCKET,
  SO_REUSEADDR,
  libcSockets,
} from '../../platform/linux/libc';
import { classifyError } from './codes';
import { SOCKADDR_IN6_SIZE, SOCKADDR_IN_SIZE } from './sockaddr';
import { OsError, type SocketApi, type SocketHandle } from './types';

export function linuxSocketApi(): SocketApi {
  const c = libcSockets();
  const check = (call: string, status: number | bigint): number => {
    if (Number(status) < 0) throw new OsError(call, c.errno());
    return Number(status);
  };
  const one = Buffer.alloc(1);
  const reuse = Buffer.alloc(4);
  reuse.writeInt32LE(1);
  return {
    platform: 'linux',
    socket: (family) => check('socket', c.socket(family === 4 ? AF_INET : AF_INET6, SOCK_STREAM, 0)),
    allowReuse: (s) => void check('setsockopt', c.setsockopt(s, SOL_SOCKET, SO_REUSEADDR, reuse, 4)),
    bind: (s, address) => void check('bind', c.bind(s, address, address.length)),
    listen: (s, backlog) => void check('listen', c.listen(s, backlog)),
    localAddress: (s: SocketHandle, family) => {
      const size = family === 4 ? SOCKADDR_IN_SIZE : SOCKADDR_IN6_SIZE;
      const address = Buffer.alloc(size);
      check('getsockname', c.getsockname(s, address, [size]));
      return address;
    },
    connect: (s, address) => void check('connect', c.connect(s, address, address.length)),
    accept: (s) => check('accept', c.accept(s, null, null)),
    sendByte: (s) => {
      if (check('send', c.send(s, one, 1, 0)) !== 1) throw new OsError('send', -1);
    },
    receiveByte: (s) => {
      if (check('recv', c.recv(s, one, 1, 0)) !== 1) throw new OsError('recv', -1);
    },
    close: (s) => void c.close(s),
    classify: (osCode) => classifyError('linux', osCode),
  };
}
