// Which services are exported. Pure. Patterns are anchored and case-insensitive (the SCM
// treats service names case-insensitively); services named by the policy are always in.
import { unitServiceName } from './mapping';

/**
 * The bounded default: services that decide whether time is kept and the network works.
 * Windows: time service, Hyper-V/VMware time sync, DNS client, DHCP, network location
 * and interfaces, firewall, SMB, RPC. Linux: the NTP/PTP daemons and network managers.
 */
export const DEFAULT_INCLUDE = [
  'W32Time|tzautoupdate|vmictimesync|VMTools',
  'Dnscache|Dhcp|NlaSvc|netprofm|nsi|iphlpsvc|BFE|MpsSvc|LanmanServer|LanmanWorkstation|WinHttpAutoProxySvc|RpcSs',
  'chrony|chronyd|systemd-timesyncd|ntp|ntpd|ntpsec|openntpd|ptp4l|phc2sys',
  'systemd-networkd|systemd-resolved|NetworkManager|networking|dhcpcd',
].join('|');

/** The pattern as matched: anchored at both ends, so "ntp" does not select "ntpdate". */
function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'i');
}

export function isValidPattern(pattern: string): boolean {
  try {
    anchored(pattern);
    return true;
  } catch {
    return false;
  }
}

export interface SelectionSettings {
  readonly include: string;
  readonly exclude: string;
  readonly all: boolean;
  /** Policy names: always selected, whatever include and exclude say. */
  readonly always: readonly string[];
}

/** Case-insensitive key under which a service is compared (Linux: without ".service"). */
export function serviceKey(name: string): string {
  return unitServiceName(name).toLowerCase();
}

export function selector(settings: SelectionSettings): (name: string) => boolean {
  const include = settings.all ? undefined : anchored(settings.include || DEFAULT_INCLUDE);
  const exclude = settings.exclude ? anchored(settings.exclude) : undefined;
  const always = new Set(settings.always.map(serviceKey));
  return (name) => {
    if (always.has(serviceKey(name))) return true;
    if (include && !include.test(name)) return false;
    return !exclude?.test(name);
  };
}
