// Reads typed values out of a parsed YAML document for the web config file, failing with
// the key's dotted name, the value (never a secret's) and what is accepted. Pure.
import { describeValue } from '../../config/errors';
import { WebConfigError } from './errors';

/** Stands for a value that must not be shown in an error (a password hash, a key). */
export const SECRET = Symbol('secret');

/** Reads typed values out of the parsed YAML, failing with the key's dotted name. */
export class Reader {
  constructor(
    private readonly path: string,
    private readonly secretKeys: ReadonlySet<string> = new Set(),
  ) {}

  fail(key: string, value: unknown, accepted: string): never {
    const shown = value === SECRET || this.secretKeys.has(key) ? '(not shown)' : describeValue(value);
    throw new WebConfigError(
      `invalid value for ${key} in web config file "${this.path}": ${shown}; accepted: ${accepted}`,
    );
  }

  /** A mapping with only the given keys (any keys when `keys` is undefined). */
  mapping(key: string, value: unknown, keys: readonly string[] | undefined): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(key || 'the top level', value, 'a mapping');
    }
    const record = value as Record<string, unknown>;
    const unknown = keys === undefined ? undefined : Object.keys(record).find((k) => !keys.includes(k));
    if (unknown !== undefined && keys !== undefined) {
      const dotted = key ? `${key}.${unknown}` : unknown;
      throw new WebConfigError(
        `unknown key "${dotted}" in web config file "${this.path}"; accepted: ${keys.join(', ')}`,
      );
    }
    return record;
  }

  /** A scalar as a string, as Go's YAML decoder reads one into a string field. */
  optionalString(key: string, value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.fail(key, value, 'a string');
  }

  optionalStrings(key: string, value: unknown): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) return this.fail(key, value, 'a list of strings');
    return value.map(
      (item, i) => this.optionalString(`${key}[${i}]`, item) ?? this.fail(`${key}[${i}]`, item, 'a string'),
    );
  }

  optionalBoolean(key: string, value: unknown): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') return this.fail(key, value, 'true or false');
    return value;
  }

  oneOf(key: string, value: string, accepted: readonly string[]): string {
    if (!accepted.includes(value)) this.fail(key, value, `one of ${accepted.join(', ')}`);
    return value;
  }
}
