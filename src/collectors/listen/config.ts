// The listen collector's target list: its schema and how it resolves. Validation is
// strict: every mistake names the target, the key and what is accepted. Pure: tested on
// every OS. The option tree itself is in index.ts.
import { isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { refine, strictObject, transform, type Problem } from '../../config/checks';
import { formatDuration, parseDuration } from '../../config/duration';
import * as v from '../../config/validate';
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
  return transform(v.string(accepts), (text, path) => {
    const seconds = parseDuration(text);
    return seconds !== undefined && seconds >= range.min && seconds <= range.max
      ? v.ok(seconds)
      : v.fail(path, accepts);
  });
};

const PORT_ACCEPTS = 'a port number from 0 (ephemeral) to 65535';

const nameSchema = transform(v.string('a name of letters, digits, _ . -'), (name, path) =>
  NAME_RE.test(name)
    ? v.ok(name)
    : v.fail(path, 'a name of 1 to 64 letters, digits, "_", "." or "-", not starting with a digit'),
);

const addressSchema = transform(v.string('an IP address literal'), (a, path) =>
  isIPv4(a) || (isIPv6(a) && !a.includes('%'))
    ? v.ok(a)
    : v.fail(
        path,
        'an IP address literal such as 127.0.0.1, ::1, 0.0.0.0 or :: (no host names, no brackets)',
      ),
);

const targetShape = {
  name: nameSchema,
  address: addressSchema,
  port: v.number(PORT_ACCEPTS, { min: 0, max: 65535, integer: true }),
  interval: v.optional(durationIn(INTERVAL)),
  timeout: v.optional(durationIn(TIMEOUT)),
  expect: v.withDefault(v.oneOf(EXPECTATIONS, `one of ${EXPECTATIONS.join(', ')}`), 'free'),
} satisfies Record<(typeof TARGET_KEYS)[number], v.Schema<unknown>>;

const targetSchema = refine(
  strictObject(targetShape, {
    unknownKey: (key) => `unknown key "${key}"; accepted keys: ${TARGET_KEYS.join(', ')}`,
  }) as v.Schema<unknown> as v.Schema<RawTarget>,
  (target) =>
    target.expect === 'in_use_ok' && target.port === 0
      ? { path: ['expect'], code: 'invalid', message: 'in_use_ok needs a specific port, not 0' }
      : undefined,
);

/** The first target that repeats a name, or whose timeout is not below its interval. */
function listProblem(targets: readonly RawTarget[]): Problem | undefined {
  for (const [i, t] of targets.entries()) {
    if (targets.findIndex((o) => o.name === t.name) !== i) {
      return {
        path: [String(i), 'name'],
        code: 'invalid',
        message: `the name "${t.name}" is used twice`,
      };
    }
    if (t.timeout !== undefined && t.interval !== undefined && t.timeout >= t.interval) {
      return {
        path: [String(i), 'timeout'],
        code: 'invalid',
        message: 'a timeout shorter than the interval',
      };
    }
  }
  return undefined;
}

const nonEmpty = transform(v.array(targetSchema, 'a list of targets'), (targets, path) =>
  targets.length > 0
    ? v.ok(targets)
    : v.fail(path, 'at least one target (leave the key out for the loopback defaults)'),
);

export const targetsSchema: v.Schema<RawTarget[] | undefined> = v.optional(refine(nonEmpty, listProblem));

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
