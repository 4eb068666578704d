// Windows socket backend: Winsock 2 (src/platform/windows/ws2_32.ts). No SO_REUSEADDR: on
// Windows it would let the probe steal a port another socket holds; the client closes
// first, so TIME_WAIT never lands on the probe port.
import { winsock } from '../../platform/windows/ws2_32';
import { classifyError } from './codes';
import type { SocketApi } from './types';

export function windowsSocketApi(): SocketApi {
  return { sockets: winsock(), platform: 'windows', classify: (osCode) => classifyError('windows', osCode) };
}
