// BSD socket calls as both OSes offer them through src/platform (linux/sockets.ts over
// libc, windows/ws2_32.ts over Winsock 2): one blocking call each, and a failure is an
// OsError carrying errno or WSAGetLastError(). Addresses are encoded sockaddr Buffers.

/** A socket: a file descriptor on Linux, a SOCKET (UINT_PTR) on Windows. */
export type SocketHandle = number | bigint;

export interface Sockets {
  /** A TCP socket of the address family. */
  socket(family: 4 | 6): SocketHandle;
  /** SO_REUSEADDR where it means "rebind over TIME_WAIT" (Linux); nothing on Windows. */
  allowReuse(s: SocketHandle): void;
  bind(s: SocketHandle, address: Buffer): void;
  listen(s: SocketHandle, backlog: number): void;
  /** getsockname into a Buffer of `size` bytes. */
  localAddress(s: SocketHandle, size: number): Buffer;
  connect(s: SocketHandle, address: Buffer): void;
  /** accept without the peer's address. */
  accept(s: SocketHandle): SocketHandle;
  /** send; the bytes sent. */
  send(s: SocketHandle, data: Buffer): number;
  /** recv into `into`; the bytes received (0: the peer closed). */
  receive(s: SocketHandle, into: Buffer): number;
  close(s: SocketHandle): void;
}
