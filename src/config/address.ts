// Listen addresses in the Prometheus style: ":9877", "0.0.0.0:9877", "[::1]:9877". Pure.

export interface ListenAddress {
  /** undefined means every interface. */
  readonly host: string | undefined;
  readonly port: number;
}

const ADDRESS_RE = /^(?:\[([0-9a-fA-F:.]+)\]|([\w.-]*)):(\d{1,5})$/;

export function parseListenAddress(text: string): ListenAddress | undefined {
  const match = ADDRESS_RE.exec(text);
  if (!match) return undefined;
  const port = Number(match[3]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  const host = match[1] ?? (match[2] || undefined);
  return { host, port };
}
