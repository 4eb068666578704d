// The listen collector's options and its target list. Validation is strict: every
// mistake names the target, the key and what is accepted. Pure: tested on every OS.
import { isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { z } from 'zod';
import { duration, structured, type OptionValues } from '../../config/options';
import { formatDuration, parseDuration } from '../../config/duration';
import { EXPECTATIONS, type Expectation, type ListenTarget } from './types';

const TARGET_KEYS = ['name', 'address', 'port', 'interval', 'timeout', 'expect'] as const;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const INTERVAL = { min: 1, max: 3600 };
const TIMEOUT = { min: 0.01, max: 60 };

interface RawTarget {
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

const targetsSchema = z
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

export const listenOptions = {
  interval: duration({
    default: 15,
    ...INTERVAL,
    help: 'How often each listen target is probed (each run is jittered by up to 10%), unless the target sets its own.',
  }),
  probe_timeout: duration({
    default: 2,
    ...TIMEOUT,
    help: 'How long a probe may take before it counts as a timeout and its target as blocked, unless the target sets its own.',
  }),
  targets: structured({
    schema: targetsSchema as unknown as z.ZodType<RawTarget[] | undefined>,
    help: 'Probe targets (config file only). Without it: 127.0.0.1 port 0 and, where the host has IPv6 loopback, ::1 port 0.',
    accepts:
      'a non-empty list of {name, address (IP literal), port (0-65535), interval, timeout, expect (free or in_use_ok)}',
  }),
};

export type ListenOptions = OptionValues<typeof listenOptions>;

/** The targets to probe: the configured ones, or the loopback defaults. */
export function resolveTargets(options: ListenOptions, ipv6Loopback: boolean): ListenTarget[] {
  const raw: RawTarget[] = options.targets ?? [
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
