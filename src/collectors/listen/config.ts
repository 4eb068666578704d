// The listen collector's target list: its schema and how it resolves. Validation is
// strict: every mistake names the target, the key and what is accepted. Pure: tested on
// every OS. The option tree itself is in index.ts.
import { isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { z } from 'zod';
import { formatDuration, parseDuration } from '../../config/duration';
import { EXPECTATIONS, type Expectation, type ListenTarget } from './types';

const TARGET_KEYS = ['name', 'address', 'port', 'interval', 'timeout', 'expect'] as const;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
/** The range of a probe interval and of a probe timeout, in seconds. */
export const INTERVAL = { min: 1, max: 3600 };
export const TIMEOUT = { min: 0.01, max: 60 };

export interface RawTarget {
  name: string;
  address: string;
  port: number;
  interval?: number;
  timeout?: number;
  expect: Expectation;
}

const durationIn = (range: { min: number; max: number }) => {
  const accepts = `a duration from ${formatDuration(range.min)} to ${formatDuration(range.max)}`;
  return z.string({ error: accepts }).transform((text, ctx) => {
    const seconds = parseDuration(text);
    if (seconds !== undefined && seconds >= range.min && seconds <= range.max) return seconds;
    ctx.addIssue({ code: 'custom', message: accepts });
    return z.NEVER;
  });
};

const targetSchema = z
  .looseObject({
    name: z.string({ error: 'a name of letters, digits, _ . -' }).regex(NAME_RE, {
      error: 'a name of 1 to 64 letters, digits, "_", "." or "-", not starting with a digit',
    }),
    address: z
      .string({ error: 'an IP address literal' })
      .refine((a) => isIPv4(a) || (isIPv6(a) && !a.includes('%')), {
        error: 'an IP address literal such as 127.0.0.1, ::1, 0.0.0.0 or :: (no host names, no brackets)',
      }),
    port: z
      .number({ error: 'a port number from 0 (ephemeral) to 65535' })
      .int({ error: 'a port number from 0 (ephemeral) to 65535' })
      .min(0, { error: 'a port number from 0 (ephemeral) to 65535' })
      .max(65535, { error: 'a port number from 0 (ephemeral) to 65535' }),
    interval: durationIn(INTERVAL).optional(),
    timeout: durationIn(TIMEOUT).optional(),
    expect: z.enum(EXPECTATIONS, { error: `one of ${EXPECTATIONS.join(', ')}` }).default('free'),
  })
  .superRefine((target, ctx) => {
    const unknown = Object.keys(target).filter((k) => !(TARGET_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown key "${unknown[0]}"; accepted keys: ${TARGET_KEYS.join(', ')}`,
      });
    }
    if (target.expect === 'in_use_ok' && target.port === 0) {
      ctx.addIssue({ code: 'custom', path: ['expect'], message: 'in_use_ok needs a specific port, not 0' });
    }
  });

export const targetsSchema = z
  .array(targetSchema, { error: 'a list of targets' })
  .min(1, { error: 'at least one target (leave the key out for the loopback defaults)' })
  .superRefine((targets, ctx) => {
    targets.forEach((t, i) => {
      if (targets.findIndex((o) => o.name === t.name) !== i) {
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `the name "${t.name}" is used twice` });
      }
      if (t.timeout !== undefined && t.interval !== undefined && t.timeout >= t.interval) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'timeout'],
          message: 'a timeout shorter than the interval',
        });
      }
    });
  })
  .optional();

/** What resolveTargets reads from the collector's options. */
export interface TargetSettings {
  readonly interval: number;
  readonly probe_timeout: number;
  readonly targets: readonly RawTarget[] | undefined;
}

/** The targets to probe: the configured ones, or the loopback defaults. */
export function resolveTargets(options: TargetSettings, ipv6Loopback: boolean): ListenTarget[] {
  const raw: readonly RawTarget[] = options.targets ?? [
    { name: 'ipv4_loopback', address: '127.0.0.1', port: 0, expect: 'free' },
    ...(ipv6Loopback ? [{ name: 'ipv6_loopback', address: '::1', port: 0, expect: 'free' as const }] : []),
  ];
  return raw.map((t) => {
    const intervalSeconds = t.interval ?? options.interval;
    return {
      name: t.name,
      address: t.address,
      port: t.port,
      expect: t.expect,
      intervalSeconds,
      timeoutSeconds: Math.min(t.timeout ?? options.probe_timeout, intervalSeconds * 0.9),
    };
  });
}

/** True when some interface carries ::1 (IPv6 can be disabled per host). */
export function hasIpv6Loopback(): boolean {
  return Object.values(networkInterfaces()).some((addrs) => addrs?.some((a) => a.address === '::1'));
}
