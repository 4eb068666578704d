// Windows socket backend: Winsock 2 (ws2_32.dll) through koffi, one blocking call per
// phase. No SO_REUSEADDR: on Windows it would let the probe steal a port another socket
// holds; the client closes first, so TIME_WAIT never lands on the probe port.
import { AF_INET, AF_INET6, IPPROTO_TCP, SOCK_STREAM, ws2_32 } from '../../platform/windows/ws2_32';
import { classifyError } from './codes';
import { SOCKADDR_IN6_SIZE, SOCKADDR_IN_SIZE } from './sockaddr';
import { OsError, type SocketApi } from './types';

export function windowsSocketApi(): SocketApi {
  const w = ws2_32();
  // INVALID_SOCKET and SOCKET_ERROR are both -1 with SOCKET declared intptr_t.
  const check = (call: string, status: number | bigint): number | bigint => {
    if (Number(status) < 0) throw new OsError(call, w.WSAGetLastError() as number);
    return status;
  };
  const one = Buffer.alloc(1);
  return {
    platform: 'windows',
    socket: (family) =>
      check('socket', w.socket(family === 4 ? AF_INET : AF_INET6, SOCK_STREAM, IPPROTO_TCP)),
    allowReuse: () => undefined,
    bind: (s, address) => void check('bind', w.bind(s, address, address.length)),
    listen: (s, backlog) => void check('listen', w.listen(s, backlog)),
    localAddress: (s, family) => {
      const size = family === 4 ? SOCKADDR_IN_SIZE : SOCKADDR_IN6_SIZE;
      const address = Buffer.alloc(size);
      check('getsockname', w.getsockname(s, address, [size]));
      return address;
    },
    connect: (s, address) => void check('connect', w.connect(s, address, address.length)),
    accept: (s) => check('accept', w.accept(s, null, null)),
    sendByte: (s) => {
      if (check('send', w.send(s, one, 1, 0)) !== 1) throw new OsError('send', -1);
    },
    receiveByte: (s) => {
      if (check('recv', w.recv(s, one, 1, 0)) !== 1) throw new OsError('recv', -1);
    },
    close: (s) => void w.closesocket(s),
    classify: (osCode) => classifyError('windows', osCode),
  };
}
