// Linux socket backend: libc's BSD sockets (src/platform/linux/sockets.ts). SO_REUSEADDR
// is set as every Linux server does (Node, Go): it lets a fixed probe port be bound again
// while earlier probe connections sit in TIME_WAIT, and still refuses a port that another
// socket is listening on (EADDRINUSE).
import { linuxSockets } from '../../platform/linux/sockets';
import { classifyError } from './codes';
import type { SocketApi } from './types';

export function linuxSocketApi(): SocketApi {
  return { sockets: linuxSockets(), platform: 'linux', classify: (osCode) => classifyError('linux', osCode) };
}
