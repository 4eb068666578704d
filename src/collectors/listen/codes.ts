// OS error numbers to the stable label values of hostwatch_listen_errors_total{code}.
// Linux errno and Windows WSA codes for the same condition map to the same label, so one
// rule serves a mixed fleet. Pure: tested on every OS. Numbers not listed map to OTHER,
// which keeps the label set bounded.

/** The labels a probe can report, each with its Linux errno and Windows WSA code. */
export const ERROR_CODES: readonly { label: string; linux?: number; windows?: number; meaning: string }[] = [
  { label: 'EADDRINUSE', linux: 98, windows: 10048, meaning: 'the address and port are taken' },
  {
    label: 'EACCES',
    linux: 13,
    windows: 10013,
    meaning: 'not permitted: a privileged port, or (Windows) an excluded port range',
  },
  { label: 'EADDRNOTAVAIL', linux: 99, windows: 10049, meaning: 'the address is not on this host' },
  { label: 'EAFNOSUPPORT', linux: 97, windows: 10047, meaning: 'the address family is not available' },
  { label: 'EPROTONOSUPPORT', linux: 93, windows: 10043, meaning: 'TCP is not available' },
  { label: 'EPERM', linux: 1, meaning: 'denied by policy (seccomp, BPF, LSM)' },
  { label: 'EMFILE', linux: 24, windows: 10024, meaning: 'the process is out of file descriptors' },
  { label: 'ENFILE', linux: 23, meaning: 'the system is out of file descriptors' },
  { label: 'ENOBUFS', linux: 105, windows: 10055, meaning: 'no buffer space (or ephemeral ports) left' },
  { label: 'ENOMEM', linux: 12, meaning: 'the kernel is out of memory' },
  { label: 'ECONNREFUSED', linux: 111, windows: 10061, meaning: 'connect was refused' },
  { label: 'ECONNRESET', linux: 104, windows: 10054, meaning: 'the connection was reset' },
  { label: 'ECONNABORTED', linux: 103, windows: 10053, meaning: 'the connection was aborted' },
  { label: 'ETIMEDOUT', linux: 110, windows: 10060, meaning: 'the OS timed the call out' },
  { label: 'ENETDOWN', linux: 100, windows: 10050, meaning: 'the network subsystem is down' },
  { label: 'ENETUNREACH', linux: 101, windows: 10051, meaning: 'no route to the network' },
  { label: 'EHOSTUNREACH', linux: 113, windows: 10065, meaning: 'no route to the host' },
  { label: 'EINVAL', linux: 22, windows: 10022, meaning: 'invalid argument (e.g. socket already bound)' },
  { label: 'EINTR', linux: 4, windows: 10004, meaning: 'the call was interrupted' },
  { label: 'WSANOTINITIALISED', windows: 10093, meaning: 'Winsock was not started (WSAStartup)' },
  { label: 'EOF', meaning: 'the peer closed before the probe byte arrived' },
  { label: 'OTHER', meaning: 'any other error number (see the log line)' },
];

/** errno / WSA number reported when recv() returns 0 instead of the probe byte. */
export const EOF_CODE = -1;

const byPlatform = (platform: 'linux' | 'windows'): Map<number, string> =>
  new Map(
    ERROR_CODES.flatMap((c) =>
      c[platform] === undefined ? [] : [[c[platform] as number, c.label] as const],
    ),
  );

const LINUX = byPlatform('linux');
const WINDOWS = byPlatform('windows');

/** The stable label for an OS error number on the given platform. */
export function classifyError(platform: 'linux' | 'windows', osCode: number): string {
  if (osCode === EOF_CODE) return 'EOF';
  return (platform === 'linux' ? LINUX : WINDOWS).get(osCode) ?? 'OTHER';
}
