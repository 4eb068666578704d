// The NTP probe's server list: how an entry parses and validates, and when the collector
// stays off. A server is a host name or an IP literal with an optional port; the list is
// a flag (comma-separated) or a YAML list. Pure. The option tree is in index.ts.
import { isIPv4, isIPv6 } from 'node:net';
import { transform } from '../../config/checks';
import type { Option } from '../../config/options';
import * as v from '../../config/validate';
import type { NtpServer } from './types';

export const DEFAULT_PORT = 123;
const MAX_SERVERS = 16;
const LABEL_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const PORT_RE = /^\d{1,5}$/;

const SERVERS_ACCEPT =
  'up to 16 NTP servers, comma-separated on the command line or a YAML list: a host name or IP literal with an optional port 1-65535 (default 123), e.g. "time.example.com", "192.0.2.10:123", "[2001:db8::10]:123"; empty: the collector stays off';

/** Parses one entry; undefined when it is neither name[:port], IPv4[:port], IPv6 nor [IPv6][:port]. */
export function parseServer(text: string): NtpServer | undefined {
  const entry = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  if (bracketed) return serverOf(bracketed[1] ?? '', bracketed[2], true);
  if (isIPv6(entry)) return serverOf(entry, undefined, true);
  const colon = entry.lastIndexOf(':');
  if (colon < 0) return serverOf(entry, undefined, false);
  return serverOf(entry.slice(0, colon), entry.slice(colon + 1), false);
}

function serverOf(host: string, portText: string | undefined, ipv6: boolean): NtpServer | undefined {
  const port = portText === undefined ? DEFAULT_PORT : PORT_RE.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  if (ipv6 ? !isIPv6(host) || host.includes('%') : !isIPv4(host) && !isHostName(host)) return undefined;
  const name = host.toLowerCase();
  return { host: name, port, label: ipv6 ? `[${name}]:${port}` : `${name}:${port}` };
}

function isHostName(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  return name.length > 0 && name.length <= 253 && name.split('.').every((part) => LABEL_RE.test(part));
}

/** Entries with where each came from: a YAML list item's index, so errors point at it. */
const entriesOf = (value: string | string[]): [string, string[]][] =>
  Array.isArray(value)
    ? value.map((entry, i) => [entry.trim(), [String(i)]])
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map((entry) => [entry, []]);

const serverList = v.union<string | string[]>(
  [v.string(SERVERS_ACCEPT), v.array(v.string(SERVERS_ACCEPT), SERVERS_ACCEPT)],
  SERVERS_ACCEPT,
);

/** The servers, each once; the first entry that is no host[:port] or repeats one is the issue. */
const serversSchema = v.withDefault(
  transform(serverList, (value, path): v.Result<NtpServer[]> => {
    const servers: NtpServer[] = [];
    for (const [entry, where] of entriesOf(value)) {
      const server = parseServer(entry);
      if (!server) return v.fail([...path, ...where], `"${entry}" is not a host[:port]`);
      if (servers.some((s) => s.label === server.label))
        return v.fail([...path, ...where], `"${entry}" is listed twice`);
      servers.push(server);
    }
    return servers.length > MAX_SERVERS ? v.fail(path, 'more than 16 servers') : v.ok(servers);
  }),
  [],
);

/** Flag and config key at once: the list is short enough to write on a command line. */
export const serversOption: Option<NtpServer[]> = {
  schema: serversSchema,
  kind: 'string',
  help: 'NTP servers to probe. Without any, the ntp collector stays off (it is the only collector that needs a setting to run).',
  accepts: SERVERS_ACCEPT,
  defaultText: undefined,
  flag: true,
};

/** Why the collector stays off with these options; undefined when it runs. */
export function inactiveReason(options: { readonly servers: readonly NtpServer[] }): string | undefined {
  if (options.servers.length > 0) return undefined;
  return 'no server configured: set collectors.ntp.servers in the config file or --collector.ntp.servers=HOST[:PORT],... to turn it on';
}
